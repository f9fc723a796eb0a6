import { generateKeyPairSync, sign } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import {
  agentClientId,
  agentTopic,
  ENROLL_PATH,
  type EnrollResponse,
  enrollmentProofMessage,
} from '@plantwatch/protocol';
import { type ModbusSimulator, plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { apiAuth, getJson } from './support/http.ts';
import {
  AGENT_BIN,
  CONSOLE_BIN,
  type ConsoleProcess,
  runCli,
  startAgentProcess,
  startConsoleProcess,
} from './support/processes.ts';
import { sampleTarget } from './support/stack.ts';
import { createTempDir } from './support/temp-dir.ts';
import { waitFor } from './support/wait-for.ts';

/**
 * Enrollment and the embedded broker's access control, with the real programs: a token from the
 * console's command line, `plantwatch-agent enroll`, the agent running on its identity over TLS
 * (the console's local CA, handed over at enrollment), and every kind of client the broker must
 * refuse. Each refusal is counted, and the console keeps serving.
 */

interface Health {
  ingest: { accepted: number; rejected: Record<string, number> };
}
const SITE = 'plant-e';

describe('agent enrollment and broker access control', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  let plc: ModbusSimulator;
  let console_: ConsoleProcess;
  let agent: ReturnType<typeof startAgentProcess> | undefined;
  /** The console's CA, made at its first start; test clients trust it as agents do. */
  let ca: string;
  const consoleDir = () => path.join(dir.path, 'console');
  const stateDir = () => path.join(dir.path, 'agent');
  const rejected = async () => (await getJson<Health>(console_.httpUrl, '/api/v1/health')).ingest.rejected;
  const post = (route: string, body?: unknown) =>
    fetch(new URL(route, console_.httpUrl), {
      method: 'POST',
      headers: { ...apiAuth(console_.httpUrl), 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const createToken = async (siteId = SITE) => {
    const result = await runCli(CONSOLE_BIN, [
      'enrollment-token',
      'create',
      '--data-dir',
      consoleDir(),
      '--site',
      siteId,
      '--owner',
      'Line 3 OT team',
      '--purpose',
      'press gateway',
    ]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.trim();
  };
  /** An identity enrolled over HTTP, for the clients that try what they must not. */
  const enrollOverHttp = async (agentId: string, siteId = SITE): Promise<EnrollResponse> => {
    const token = await createToken(siteId);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const x = publicKey.export({ format: 'jwk' }).x as string;
    const proof = sign(null, enrollmentProofMessage(token, x), privateKey).toString('base64url');
    const response = await fetch(new URL(ENROLL_PATH, console_.httpUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, publicKey: x, proof, agentId }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as EnrollResponse;
  };
  /** The CONNACK return code, or 'connected'. */
  const tryConnect = (options: mqtt.IClientOptions) =>
    mqtt
      .connectAsync(console_.mqttUrl, { reconnectPeriod: 0, connectTimeout: 5_000, ca: [ca], ...options })
      .then(
        async (client) => {
          await client.endAsync(true);
          return 'connected' as const;
        },
        (error: { code?: number }) => error.code,
      );

  beforeAll(async () => {
    dir = await createTempDir('enrollment');
    plc = await startModbusSimulator(plcProfile('press', 33).options);
    console_ = await startConsoleProcess(consoleDir());
    ca = await readFile(path.join(consoleDir(), 'tls', 'ca.pem'), 'utf8');
  });
  afterAll(async () => {
    await agent?.stop();
    await console_?.stop();
    await plc?.close();
    await dir?.remove();
  });

  it('enrolls an agent with a token from the console CLI, and the agent reports on its identity', async () => {
    const token = await createToken();
    const enrolled = await runCli(AGENT_BIN, [
      'enroll',
      '--console',
      console_.httpUrl,
      '--token',
      token,
      '--state-dir',
      stateDir(),
      '--agent-id',
      'gw-e1',
    ]);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    expect(enrolled.stdout).toContain(`Enrolled as agent gw-e1 at site ${SITE}`);
    const identityDir = path.join(stateDir(), 'identity');
    expect((await stat(path.join(identityDir, 'agent-key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(identityDir, 'mqtt-password'))).mode & 0o777).toBe(0o600);
    // Over TLS: the broker's mqtts:// URL and the CA to verify it with.
    expect(console_.mqttUrl).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    expect(await readFile(path.join(identityDir, 'ca.pem'), 'utf8')).toBe(ca);
    expect(JSON.parse(await readFile(path.join(identityDir, 'identity.json'), 'utf8'))).toMatchObject({
      mqtt: { url: console_.mqttUrl },
    });
    expect(enrolled.stdout).toMatch(/Broker CA fingerprint \(SHA-256\): ([0-9A-F]{2}:){31}[0-9A-F]{2}/);

    // The token is single-use.
    const again = await runCli(AGENT_BIN, [
      'enroll',
      '--console',
      console_.httpUrl,
      '--token',
      token,
      '--state-dir',
      path.join(dir.path, 'other-agent'),
    ]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already been used');

    const config = path.join(dir.path, 'agent.yaml');
    await writeFile(
      config,
      stringify({
        dataDir: stateDir(),
        identity: { dir: identityDir },
        targets: [await sampleTarget('press-e1', plc)],
      }),
    );
    agent = startAgentProcess(config);
    await waitFor('the press in the console', () =>
      getJson(console_.httpUrl, `/api/v1/sites/${SITE}/assets/press-e1`),
    );
    const identities = await getJson<{ items: Record<string, unknown>[] }>(
      console_.httpUrl,
      '/api/v1/agent-identities',
    );
    expect(identities.items).toEqual([
      expect.objectContaining({
        agentId: 'gw-e1',
        siteId: SITE,
        state: 'active',
        owner: 'Line 3 OT team',
        purpose: 'press gateway',
        enrolledBy: expect.stringMatching(/^cli:/),
        lastSeenAt: expect.any(String),
      }),
    ]);
  });

  it('refuses anonymous clients, wrong passwords and taken client ids, counting each', async () => {
    const password = await readFile(path.join(stateDir(), 'identity', 'mqtt-password'), 'utf8');
    expect(await tryConnect({ clientId: 'intruder' })).toBe(5);
    expect(
      await tryConnect({
        clientId: agentClientId(SITE, 'gw-e1'),
        username: 'gw-e1',
        password: `${password}x`,
      }),
    ).toBe(4);
    expect(await tryConnect({ clientId: 'intruder', username: 'gw-e1', password })).toBe(2);
    expect(await rejected()).toMatchObject({ anonymous: 1, bad_credentials: 1, client_id: 1 });
  });

  it('refuses plain MQTT and clients that do not trust the broker, counting each', async () => {
    const before = (await rejected()).tls_handshake ?? 0;
    // Plain MQTT on the TLS port: a CONNECT packet where a ClientHello belongs.
    const plain = connect(Number(new URL(console_.mqttUrl).port), '127.0.0.1');
    plain.on('error', () => {});
    plain.write(Buffer.from('101000044d5154540402003c0004746573740000', 'hex'));
    await new Promise((resolve) => plain.once('close', resolve));
    // The system CAs do not know the console's CA: the client refuses the broker, the broker counts it.
    const untrusting = await mqtt
      .connectAsync(console_.mqttUrl, { reconnectPeriod: 0, connectTimeout: 5_000 })
      .then(
        async (client) => {
          await client.endAsync(true);
          return 'connected';
        },
        (error: Error) => error.message,
      );
    expect(untrusting).toMatch(/unable to verify|self[- ]signed|local issuer/i);
    await waitFor(
      'two TLS refusals',
      async () => ((await rejected()).tls_handshake ?? 0) >= before + 2 || undefined,
    );
  });

  it("refuses an agent publishing under another agent's or another site's topics", async () => {
    const other = await enrollOverHttp('gw-e2');
    for (const topic of [agentTopic(SITE, 'gw-e1', 'drift'), agentTopic('plant-x', 'gw-e2', 'inventory')]) {
      const client = await mqtt.connectAsync(console_.mqttUrl, {
        clientId: agentClientId(SITE, 'gw-e2'),
        username: other.mqtt.username,
        password: other.mqtt.password,
        reconnectPeriod: 0,
        ca: [other.caCertificate as string],
      });
      client.on('error', () => {});
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      client.publish(topic, JSON.stringify({ forged: true }), { qos: 1 });
      await closed;
    }
    const counts = await waitFor('two refusals', async () => {
      const now = await rejected();
      return now.not_own_topic === 2 ? now : undefined;
    });
    expect(counts).toMatchObject({ not_own_topic: 2 });
    const client = await mqtt.connectAsync(console_.mqttUrl, {
      clientId: agentClientId(SITE, 'gw-e2'),
      username: other.mqtt.username,
      password: other.mqtt.password,
      reconnectPeriod: 0,
      ca: [other.caCertificate as string],
    });
    await expect(client.subscribeAsync('plantwatch/v1/#', { qos: 1 })).rejects.toThrow();
    await client.endAsync(true);
    expect((await rejected()).subscribe_denied).toBe(1);
    // Nothing forged reached the other agent's records.
    const drift = await getJson<{ total: number }>(console_.httpUrl, `/api/v1/drift?siteId=${SITE}`);
    expect(drift.total).toBe(0);
  });

  it('revokes the running agent: it is cut off at once and refused from then on; pages still serve', async () => {
    const response = await post('/api/v1/agent-identities/gw-e1/revoke');
    expect(response.status).toBe(200);
    // The agent reconnects every 2 s and is refused each time.
    await waitFor(
      'the revoked agent refused',
      async () => ((await rejected()).revoked ?? 0) > 0 || undefined,
    );
    const password = await readFile(path.join(stateDir(), 'identity', 'mqtt-password'), 'utf8');
    expect(await tryConnect({ clientId: agentClientId(SITE, 'gw-e1'), username: 'gw-e1', password })).toBe(5);
    const page = await fetch(new URL('/enrollment', console_.httpUrl), {
      headers: { ...apiAuth(console_.httpUrl), Accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('revoked by token:e2e');
  });
});
