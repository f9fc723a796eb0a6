import { describe, expect, it } from 'vitest';
import { parseConsoleOptions } from './config.ts';

describe('parseConsoleOptions', () => {
  it('fills in HTTP on 127.0.0.1:8080 and an embedded TLS broker on 127.0.0.1:8883', () => {
    expect(parseConsoleOptions({ dataDir: './data' })).toEqual({
      dataDir: './data',
      http: { host: '127.0.0.1', port: 8080 },
      mqtt: {
        mode: 'embedded',
        host: '127.0.0.1',
        port: 8883,
        allowAnonymousAgents: false,
        maxMessagesPerSecond: 200,
        insecureTcp: false,
        tlsHostnames: [],
      },
    });
    expect(
      parseConsoleOptions({ dataDir: 'd', http: { port: 0 }, mqtt: { mode: 'embedded' } }),
    ).toMatchObject({
      http: { host: '127.0.0.1', port: 0 },
      mqtt: { port: 8883 },
    });
    expect(
      parseConsoleOptions({ dataDir: 'd', mqtt: { mode: 'embedded', insecureTcp: true } }).mqtt,
    ).toMatchObject({
      port: 1883,
    });
  });

  it('refuses a public URL whose scheme is not the transport, and a certificate with plain TCP', () => {
    expect(() =>
      parseConsoleOptions({ dataDir: 'd', mqtt: { mode: 'embedded', publicUrl: 'mqtt://console:1883' } }),
    ).toThrow(/mqtt\.publicUrl: must start with mqtts:\/\//);
    expect(() =>
      parseConsoleOptions({
        dataDir: 'd',
        mqtt: { mode: 'embedded', insecureTcp: true, tls: { certFile: 'c.pem', keyFile: 'k.pem' } },
      }),
    ).toThrow(/mqtt\.tls: a certificate and insecureTcp exclude each other/);
  });

  it('names each invalid option', () => {
    expect(() =>
      parseConsoleOptions({
        dataDir: '',
        http: { port: 70_000 },
        mqtt: { mode: 'external', url: 'broker:1883' },
      }),
    ).toThrow(/dataDir.*http\.port.*mqtt\.url/);
  });
});
