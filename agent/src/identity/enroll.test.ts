import { createPublicKey, verify } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { enrollmentProofMessage } from '@plantwatch/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentConfig, mqttPassword } from '../config/agent-config.ts';
import { enrollAgent } from './enroll.ts';

/** A stand-in for the console's enrollment endpoint: checks the proof like the console does. */
function fakeConsole(answer: (body: Record<string, string>) => { status: number; body: unknown }) {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    req.on('end', () => {
      requests.push(text);
      const body = JSON.parse(text) as Record<string, string>;
      const key = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: body.publicKey ?? '' },
        format: 'jwk',
      });
      const proven = verify(
        null,
        enrollmentProofMessage(body.token ?? '', body.publicKey ?? ''),
        key,
        Buffer.from(body.proof ?? '', 'base64url'),
      );
      const reply = proven ? answer(body) : { status: 400, body: { error: { message: 'bad proof' } } };
      res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
    });
  });
  return {
    requests,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    start: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A self-signed test certificate (EC P-256, valid to 2126) standing in for the broker's CA. */
const TEST_CA = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBkTCCATegAwIBAgIUCiYC7rpC4SPVLjk1F4WotewS1aUwCgYIKoZIzj0EAwIw',
  'HTEbMBkGA1UEAwwSUGxhbnR3YXRjaCB0ZXN0IENBMCAXDTI2MTEyMjA1NDYwMVoY',
  'DzIxMjYxMDI5MDU0NjAxWjAdMRswGQYDVQQDDBJQbGFudHdhdGNoIHRlc3QgQ0Ew',
  'WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARMn3+g/ORxgRWYSudGw6B9tCySAV1n',
  'vmbcv/yn7nWIceqZkf1orb1OHe5RYb27CpzFwKHnn1mw/6E1jACp6T3yo1MwUTAd',
  'BgNVHQ4EFgQUTZewGIz2dLP2oNCwmBIkss7kvwswHwYDVR0jBBgwFoAUTZewGIz2',
  'dLP2oNCwmBIkss7kvwswDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBF',
  'AiBxVLUfACBsGthlg8iWL7JiCpwkbsgm9nW/WIUbGedUBwIhAPHDMoC/f4L1gomD',
  'Nc/3P9UVFkrEbS8fquoCG/BVWUoz',
  '-----END CERTIFICATE-----',
  '',
].join('\n');
const TEST_CA_SHA256 =
  'CA:B3:84:D3:BA:2B:11:B7:A2:29:43:1F:CB:DF:69:D1:2B:FE:49:25:75:1D:21:3D:B9:80:DE:68:E2:D1:29:35';

const enrolled = (body: Record<string, string>) => ({
  status: 201,
  body: {
    agentId: body.agentId ?? 'gw-chosen',
    siteId: 'plant-a',
    enrolledAt: '2026-11-22T10:00:00.000Z',
    mqtt: {
      url: 'mqtts://console.example:8883',
      username: body.agentId ?? 'gw-chosen',
      password: 's3cret-pw',
    },
    caCertificate: TEST_CA,
  },
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'plantwatch-enroll-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('enrollAgent', () => {
  it('keeps the private key here, sends the public key with a proof, and stores what it gets', async () => {
    const console_ = fakeConsole(enrolled);
    await console_.start();
    try {
      const result = await enrollAgent({
        consoleUrl: console_.url(),
        token: 'pwenroll_abcdefghijklmnopqrstuvwxyz',
        stateDir: dir,
        agentId: 'gw-1',
      });
      expect(result.response).toMatchObject({ agentId: 'gw-1', mqtt: { username: 'gw-1' } });
      expect(JSON.stringify(result)).not.toContain('s3cret-pw');
      const identityDir = path.join(dir, 'identity');
      const key = await readFile(path.join(identityDir, 'agent-key.pem'), 'utf8');
      expect(key).toContain('PRIVATE KEY');
      expect(console_.requests.join('')).not.toContain('PRIVATE');
      expect((await stat(path.join(identityDir, 'agent-key.pem'))).mode & 0o777).toBe(0o600);
      expect((await stat(path.join(identityDir, 'mqtt-password'))).mode & 0o777).toBe(0o600);
      expect(await readFile(path.join(identityDir, 'mqtt-password'), 'utf8')).toBe('s3cret-pw');
      expect(await readFile(path.join(identityDir, 'ca.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
      expect(JSON.parse(await readFile(path.join(identityDir, 'identity.json'), 'utf8'))).toMatchObject({
        siteId: 'plant-a',
        agentId: 'gw-1',
        mqtt: { url: 'mqtts://console.example:8883', username: 'gw-1' },
      });

      await expect(
        enrollAgent({ consoleUrl: console_.url(), token: 'pwenroll_another-token-x', stateDir: dir }),
      ).rejects.toThrow(/already holds an enrolled identity/);
    } finally {
      await console_.stop();
    }
  });

  it('checks the broker CA against --ca-fingerprint and stores nothing when it differs', async () => {
    const console_ = fakeConsole(enrolled);
    await console_.start();
    try {
      const options = { consoleUrl: console_.url(), token: 'pwenroll_abcdefghijklmnop', stateDir: dir };
      await expect(
        enrollAgent({ ...options, caFingerprint: TEST_CA_SHA256.replace('CA:B3', 'CA:B4') }),
      ).rejects.toThrow(
        /is not the one expected \(--ca-fingerprint\); nothing was stored. Revoke agent gw-chosen/,
      );
      await expect(stat(path.join(dir, 'identity', 'identity.json'))).rejects.toThrow();
      const result = await enrollAgent({
        ...options,
        caFingerprint: TEST_CA_SHA256.replaceAll(':', '').toLowerCase(),
      });
      expect(result.caFingerprint).toBe(TEST_CA_SHA256);
    } finally {
      await console_.stop();
    }
  });

  it("reports the console's refusal and keeps the key for the next attempt", async () => {
    let refuse = true;
    const console_ = fakeConsole((body) =>
      refuse
        ? { status: 401, body: { error: { message: 'the enrollment token has expired' } } }
        : enrolled(body),
    );
    await console_.start();
    try {
      const options = { consoleUrl: console_.url(), token: 'pwenroll_abcdefghijklmnop', stateDir: dir };
      await expect(enrollAgent(options)).rejects.toThrow(/HTTP 401\): the enrollment token has expired/);
      refuse = false;
      await enrollAgent(options);
      const [first, second] = console_.requests.map((text) => JSON.parse(text) as { publicKey: string });
      expect(second?.publicKey).toBe(first?.publicKey);
    } finally {
      await console_.stop();
    }
  });
});

describe('agent config with an identity', () => {
  const target = {
    id: 'press-01',
    protocol: 'modbus',
    host: '10.0.0.5',
    blocks: [{ name: 'setpoints', class: 'config', table: 'holding', address: 100, count: 4 }],
  };
  const enroll = async () => {
    const console_ = fakeConsole(enrolled);
    await console_.start();
    try {
      await enrollAgent({
        consoleUrl: console_.url(),
        token: 'pwenroll_abcdefghijklmnop',
        stateDir: dir,
        agentId: 'gw-1',
      });
    } finally {
      await console_.stop();
    }
  };
  const configFile = async (config: Record<string, unknown>) => {
    const file = path.join(dir, 'agent.yaml');
    await writeFile(
      file,
      JSON.stringify({ dataDir: '.', identity: { dir: 'identity' }, targets: [target], ...config }),
    );
    return file;
  };

  it('takes site, agent, broker, user name, password and CA from the identity directory', async () => {
    await enroll();
    const config = await loadAgentConfig(await configFile({}));
    expect(config).toMatchObject({
      siteId: 'plant-a',
      agentId: 'gw-1',
      identity: { dir: path.join(dir, 'identity') },
      mqtt: {
        url: 'mqtts://console.example:8883',
        username: 'gw-1',
        passwordFile: path.join(dir, 'identity', 'mqtt-password'),
        caFile: path.join(dir, 'identity', 'ca.pem'),
      },
    });
    expect(mqttPassword(config)).toBe('s3cret-pw');
    // Another name for the broker's host may be given, but not a way around TLS.
    const other = await loadAgentConfig(await configFile({ mqtt: { url: 'mqtts://10.1.2.3:8883' } }));
    expect(other.mqtt.url).toBe('mqtts://10.1.2.3:8883');
    await expect(
      loadAgentConfig(await configFile({ mqtt: { url: 'mqtt://10.1.2.3:1883' } })),
    ).rejects.toThrow(/mqtt\.url: "mqtt:\/\/10\.1\.2\.3:1883" is not TLS/);
  });

  it('refuses conflicting ids or credentials, a missing identity and a readable key, naming the field', async () => {
    await expect(loadAgentConfig(await configFile({}))).rejects.toThrow(
      /identity\.dir: .*enroll the agent first/,
    );
    await enroll();
    await expect(loadAgentConfig(await configFile({ siteId: 'plant-b' }))).rejects.toThrow(
      /siteId: "plant-b" is not the enrolled siteId "plant-a"/,
    );
    await expect(
      loadAgentConfig(await configFile({ mqtt: { url: 'mqtt://x:1883', password: 'p' } })),
    ).rejects.toThrow(/mqtt\.password: comes from identity\.dir/);
    await chmod(path.join(dir, 'identity', 'agent-key.pem'), 0o644);
    await expect(loadAgentConfig(await configFile({}))).rejects.toThrow(
      /agent-key\.pem is readable by other users/,
    );
  });
});
