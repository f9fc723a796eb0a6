import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { trackedState } from '@plantwatch/protocol';
import {
  createOpcuaUserCertificate,
  DEFAULT_DEVICE,
  type OpcuaSimulator,
  startOpcuaSimulator,
} from '@plantwatch/simulators/opcua';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { opcuaCollector } from './collector.ts';
import { runOpcuaCommand } from './command.ts';
import { poll, sampleTarget } from './test-support.ts';
import { listOpcuaCertificates, trustOpcuaCertificate } from './trust.ts';

const PASSWORD_ENV = 'PLANTWATCH_TEST_OPCUA_PASSWORD';
let sim: OpcuaSimulator;
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'plantwatch-opcua-security-'));
  sim = await startOpcuaSimulator({ users: { tech: 'correct horse' } });
}, 30_000);
afterAll(async () => {
  await sim?.close();
  await rm(scratch, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env[PASSWORD_ENV];
});

let pkiCount = 0;
const freshPki = () => path.join(scratch, `pki-${++pkiCount}`);

/** A PKI folder in which the simulator's certificate was refused once, then trusted. */
async function trustedPki(): Promise<string> {
  const pkiDir = freshPki();
  await expect(poll(await sampleTarget(sim, pkiDir, { securityMode: 'sign' }))).rejects.toThrow(
    /not trusted/,
  );
  await trustOpcuaCertificate(pkiDir, sim.certificateThumbprint);
  return pkiDir;
}

describe('opcua security and the trust workflow', { timeout: 20_000 }, () => {
  it('refuses an unknown server certificate with its thumbprint until a technician trusts it', async () => {
    const pkiDir = freshPki();
    const signed = await sampleTarget(sim, pkiDir, { securityMode: 'sign' });
    sim.clearRequests();

    const refused = await poll(signed).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'unavailable',
      details: { thumbprint: sim.certificateThumbprint, reason: 'untrusted_server_certificate' },
    });
    expect(String((refused as Error).message)).toContain(
      `plantwatch-agent opcua trust ${sim.certificateThumbprint}`,
    );
    // Only discovery happened: no secure channel, no session with an untrusted server.
    expect((refused as { transcript: string[] }).transcript).toEqual([
      `opcua GetEndpoints ${sim.endpointUrl} for discovery over None`,
    ]);
    expect(sim.requests.map((r) => r.service)).toEqual(['GetEndpointsRequest']);
    expect(await readdir(path.join(pkiDir, 'rejected'))).toHaveLength(1);

    // What the technician runs: `plantwatch-agent opcua certificates`, then `opcua trust`.
    const configFile = path.join(scratch, 'agent.yaml');
    const targets = [{ protocol: 'modbus' }, { protocol: 'opcua', pkiDir: path.relative(scratch, pkiDir) }];
    let printed = '';
    const write = (text: string) => {
      printed += text;
    };
    expect(await runOpcuaCommand({ args: ['certificates'], configFile, targets, write })).toBe(0);
    expect(printed).toMatch(new RegExp(`^  rejected  ${sim.certificateThumbprint}  `, 'm'));
    expect(printed).toMatch(/^ {2}own +[0-9a-f]{40} /m);

    const listed = await listOpcuaCertificates(pkiDir);
    expect(listed.find((c) => c.status === 'rejected')?.thumbprint).toBe(sim.certificateThumbprint);
    // The agent's own certificate, which a strict PLC would have to trust in turn.
    expect(listed.filter((c) => c.status === 'own')).toHaveLength(1);

    // A technician may paste the thumbprint with colons, in capitals, or a unique prefix of it.
    const prefix = sim.certificateThumbprint
      .slice(0, 12)
      .toUpperCase()
      .replace(/(..)(?!$)/g, '$1:');
    printed = '';
    expect(await runOpcuaCommand({ args: ['trust', prefix], configFile, targets, write })).toBe(0);
    expect(printed).toBe(`trusted ${sim.certificateThumbprint} (NodeOPCUA@${hostname()}) in ${pkiDir}\n`);
    expect(await trustOpcuaCertificate(pkiDir, sim.certificateThumbprint)).toMatchObject({
      status: 'trusted',
    });

    const sign = await poll(signed);
    expect(sign.reading.identity.serial).toBe(DEFAULT_DEVICE.serialNumber);
    expect(sign.transcript.slice(0, 2)).toEqual([
      `opcua GetEndpoints ${sim.endpointUrl} for discovery over None`,
      `opcua GetEndpoints ${sim.endpointUrl} over Sign Basic256Sha256`,
    ]);
    const encrypted = await poll({ ...signed, securityMode: 'signAndEncrypt' });
    expect(encrypted.transcript[1]).toBe(
      `opcua GetEndpoints ${sim.endpointUrl} over SignAndEncrypt Basic256Sha256`,
    );
    // The channel changes nothing in what is read.
    expect(trackedState(encrypted.reading)).toEqual(trackedState(sign.reading));
    expect(sim.writeRequests()).toEqual([]);
  });

  it('says which agent certificate to trust when the server refuses it', async () => {
    const pkiDir = await trustedPki();
    const known = await sampleTarget(sim, pkiDir, { securityMode: 'sign', browse: { enabled: false } });
    await poll(known); // the server sees (and, still accepting all, trusts) this agent's certificate
    sim.setTrustClientCertificates(false);
    const other = freshPki(); // a new agent certificate, unknown to the server
    try {
      await expect(poll(await sampleTarget(sim, other, { securityMode: 'sign' }))).rejects.toThrow(
        /not trusted/,
      );
      await trustOpcuaCertificate(other, sim.certificateThumbprint);
      const [own] = (await listOpcuaCertificates(other)).filter((c) => c.status === 'own');
      await expect(poll(await sampleTarget(sim, other, { securityMode: 'sign' }))).rejects.toMatchObject({
        code: 'unavailable',
        details: { reason: 'agent_certificate_refused', agentThumbprint: own?.thumbprint },
      });
      // The agent whose certificate the server accepted earlier still gets in.
      await expect(
        poll(await sampleTarget(sim, pkiDir, { securityMode: 'sign', browse: { enabled: false } })),
      ).resolves.toBeDefined();
    } finally {
      sim.setTrustClientCertificates(true);
    }
  });

  it('says which thumbprints it knows when asked to trust another', async () => {
    const pkiDir = freshPki();
    await expect(trustOpcuaCertificate(pkiDir, 'not-hex')).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(trustOpcuaCertificate(pkiDir, 'deadbeefdeadbeef')).rejects.toMatchObject({
      code: 'not_found',
    });
    const command = (
      args: string[],
      targets: { protocol: string; pkiDir?: string }[] = [{ protocol: 'opcua', pkiDir }],
    ) => runOpcuaCommand({ args, configFile: path.join(scratch, 'agent.yaml'), targets, write: () => {} });
    await expect(command(['trust', 'deadbeefdeadbeef'])).rejects.toMatchObject({ code: 'not_found' });
    await expect(command(['trust'])).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(command(['certificates'], [{ protocol: 'modbus' }])).rejects.toThrow(/no OPC UA target/);
  });

  it('logs in with a username whose password comes from the environment', async () => {
    const pkiDir = await trustedPki();
    const target = await sampleTarget(sim, pkiDir, {
      securityMode: 'signAndEncrypt',
      identity: { type: 'username', username: 'tech', passwordEnv: PASSWORD_ENV },
    });
    sim.clearRequests();
    await expect(poll(target)).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining(PASSWORD_ENV),
    });
    expect(sim.requests).toEqual([]);

    process.env[PASSWORD_ENV] = 'correct horse';
    const { transcript } = await poll(target);
    expect(transcript[3]).toBe('opcua ActivateSession username tech');
    // What `scan --dry-run` shows for a secure target is what the poll sent, up to the first Read.
    expect(transcript.slice(0, 5)).toEqual(opcuaCollector.plan(target).slice(0, 5));

    process.env[PASSWORD_ENV] = 'wrong';
    await expect(poll(target)).rejects.toMatchObject({
      code: 'device_error',
      message: expect.stringMatching(/ActivateSession.*Bad/),
    });
  });

  it('logs in with a user certificate', async () => {
    const pkiDir = await trustedPki();
    const user = await createOpcuaUserCertificate(path.join(scratch, 'user'));
    const target = await sampleTarget(sim, pkiDir, {
      securityMode: 'signAndEncrypt',
      identity: {
        type: 'certificate',
        certificateFile: user.certificateFile,
        privateKeyFile: user.privateKeyFile,
      },
      browse: { enabled: false },
    });
    const { transcript, reading } = await poll(target);
    expect(transcript).toContain(`opcua ActivateSession certificate ${user.thumbprint}`);
    expect(reading.identity.model).toBe(DEFAULT_DEVICE.model);
  });
});
