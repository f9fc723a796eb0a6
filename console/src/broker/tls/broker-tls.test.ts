import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../testing/memory-logger.ts';
import { createTempDir } from '../../testing/temp-dir.ts';
import { waitFor } from '../../testing/wait-for.ts';
import { type BrokerRefusal, startEmbeddedBroker } from '../embedded-broker.ts';
import { brokerHostnames } from './broker-address.ts';
import { loadBrokerTls } from './broker-tls.ts';
import { ensureLocalCa, LOCAL_CA_FILES } from './local-ca.ts';

let temp: Awaited<ReturnType<typeof createTempDir>>;
beforeAll(async () => {
  temp = await createTempDir('plantwatch-tls-');
});
afterAll(async () => {
  await temp.remove();
});

const mode = (file: string) => statSync(file).mode & 0o777;

describe('the local CA', () => {
  it('is made once; the broker certificate is issued again only when the names change', () => {
    const dir = path.join(temp.dir, 'local');
    const first = ensureLocalCa(dir, ['console.plant.example', '10.0.0.7', 'localhost']);
    expect(first.issued).toBe('ca');
    expect(mode(path.join(dir, LOCAL_CA_FILES.caKey))).toBe(0o600);
    expect(mode(path.join(dir, LOCAL_CA_FILES.key))).toBe(0o600);
    const ca = new X509Certificate(first.caCertificate);
    const cert = new X509Certificate(first.cert);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost('console.plant.example')).toBe('console.plant.example');
    expect(cert.checkIP('10.0.0.7')).toBe('10.0.0.7');
    expect(cert.checkHost('other.example')).toBeUndefined();
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth

    const again = ensureLocalCa(dir, ['console.plant.example', 'localhost']);
    expect(again.issued).toBe('none');
    expect(again.cert).toBe(first.cert);

    const renamed = ensureLocalCa(dir, ['gateway-net.plant.example', 'localhost']);
    expect(renamed.issued).toBe('certificate');
    expect(renamed.caCertificate).toBe(first.caCertificate);
    expect(new X509Certificate(renamed.cert).checkHost('gateway-net.plant.example')).toBeDefined();

    const expiring = ensureLocalCa(
      dir,
      ['gateway-net.plant.example'],
      new Date(Date.now() + 720 * 86_400_000),
    );
    expect(expiring.issued).toBe('certificate');
  }, 20_000);

  it('refuses to replace a CA whose key is missing: enrolled agents trust it', () => {
    const dir = path.join(temp.dir, 'half');
    ensureLocalCa(dir, ['localhost']);
    rmSync(path.join(dir, LOCAL_CA_FILES.caKey));
    expect(() => ensureLocalCa(dir, ['localhost'])).toThrow(/holds only one of ca\.pem and ca-key\.pem/);
  });
});

describe('certificate files from the operator', () => {
  const files = () => ({
    certFile: path.join(temp.dir, 'user', LOCAL_CA_FILES.cert),
    keyFile: path.join(temp.dir, 'user', LOCAL_CA_FILES.key),
    caFile: path.join(temp.dir, 'user', LOCAL_CA_FILES.caCert),
  });
  beforeAll(() => {
    ensureLocalCa(path.join(temp.dir, 'user'), ['mqtt.plant.example']);
  });

  it('are used as they are, with the CA agents should trust', () => {
    const tls = loadBrokerTls({ dataDir: temp.dir, files: files(), hostnames: ['mqtt.plant.example'] });
    expect(tls).toMatchObject({ source: 'files', cert: readFileSync(files().certFile, 'utf8') });
    expect(tls.caFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const { caFile: _caFile, ...withoutCa } = files();
    expect(
      loadBrokerTls({ dataDir: temp.dir, files: withoutCa, hostnames: ['mqtt.plant.example'] }).caCertificate,
    ).toBeNull();
  });

  it('are checked at start-up, naming the option: key, host name, readable', () => {
    const other = ensureLocalCa(path.join(temp.dir, 'other'), ['mqtt.plant.example']);
    expect(() =>
      loadBrokerTls({
        dataDir: temp.dir,
        files: { ...files(), keyFile: path.join(temp.dir, 'other', LOCAL_CA_FILES.key) },
        hostnames: ['mqtt.plant.example'],
      }),
    ).toThrow(/--mqtt-tls-key: .* is not the key of the certificate/);
    expect(other.issued).toBe('ca');
    expect(() => loadBrokerTls({ dataDir: temp.dir, files: files(), hostnames: ['10.9.9.9'] })).toThrow(
      /--mqtt-tls-cert: .* does not name "10\.9\.9\.9", the host agents connect to/,
    );
    expect(() =>
      loadBrokerTls({
        dataDir: temp.dir,
        files: { ...files(), certFile: path.join(temp.dir, 'missing.pem') },
        hostnames: [],
      }),
    ).toThrow(/--mqtt-tls-cert: cannot read .*missing\.pem: ENOENT/);
  });
});

describe('the embedded broker over TLS', () => {
  it('accepts a client that trusts the CA, and refuses and counts plain MQTT and untrusting clients', async () => {
    const tls = loadBrokerTls({
      dataDir: path.join(temp.dir, 'broker'),
      hostnames: brokerHostnames({ listenHost: '127.0.0.1' }),
    });
    const refusals: BrokerRefusal[] = [];
    const broker = await startEmbeddedBroker({
      host: '127.0.0.1',
      port: 0,
      tls,
      maxPayloadBytes: 1_000,
      logger: createMemoryLogger().logger,
      allowAnonymousAgents: true,
      onRefused: (reason) => refusals.push(reason),
    });
    try {
      expect(broker.url).toBe(`mqtts://127.0.0.1:${broker.port}`);
      const trusting = await mqtt.connectAsync(broker.url, {
        ca: [tls.caCertificate as string],
        reconnectPeriod: 0,
      });
      await trusting.publishAsync('plantwatch/v1/plant-a/gw-1/status', '{}', { qos: 1 });
      // The frame-size guard reads the decrypted stream too: an oversized frame is cut at its header.
      trusting.on('error', () => {});
      const cut = new Promise<void>((resolve) => trusting.once('close', () => resolve()));
      trusting.publish('plantwatch/v1/plant-a/gw-1/inventory', Buffer.alloc(200_000, 0x20), { qos: 1 });
      await cut;
      expect(refusals).toEqual(['too_large']);
      refusals.length = 0;
      await trusting.endAsync(true);

      const refused = (url: string, options: mqtt.IClientOptions = {}) =>
        mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 3_000, ...options }).then(
          async (client) => {
            await client.endAsync(true);
            return 'connected';
          },
          (error: Error) => error.message,
        );
      // The system CAs do not know this CA.
      expect(await refused(broker.url)).toMatch(/self[- ]signed|unable to verify|local issuer/i);
      // Plain MQTT on the TLS port: a CONNECT packet where a ClientHello belongs. The socket is closed.
      const plain = connect(broker.port, '127.0.0.1');
      plain.on('error', () => {});
      plain.write(Buffer.from('101000044d5154540402003c0004746573740000', 'hex'));
      await once(plain, 'close');
      await waitFor(() => (refusals.length >= 2 ? true : undefined), { what: 'two refusals' });
      expect(refusals.every((reason) => reason === 'tls_handshake')).toBe(true);
    } finally {
      await broker.close();
    }
  }, 20_000);
});
