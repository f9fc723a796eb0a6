import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './cli-args.ts';

describe('parseCliArgs', () => {
  it('fills in the defaults', () => {
    expect(parseCliArgs([], {})).toEqual({
      kind: 'run',
      logLevel: 'info',
      options: {
        dataDir: './data',
        http: { host: '127.0.0.1', port: 8080 },
        mqtt: { mode: 'embedded', host: '127.0.0.1', port: 8883 },
      },
    });
  });

  it('reads the broker TLS options: files, public URL, extra names, or plain TCP for development', () => {
    expect(
      parseCliArgs(
        [
          '--mqtt-host',
          '0.0.0.0',
          '--mqtt-public-url',
          'mqtts://console.plant.example:8883',
          '--mqtt-tls-cert',
          'broker.pem',
          '--mqtt-tls-key',
          'broker-key.pem',
          '--mqtt-tls-ca',
          'ca.pem',
        ],
        {},
      ),
    ).toMatchObject({
      options: {
        mqtt: {
          host: '0.0.0.0',
          port: 8883,
          publicUrl: 'mqtts://console.plant.example:8883',
          tls: { certFile: 'broker.pem', keyFile: 'broker-key.pem', caFile: 'ca.pem' },
        },
      },
    });
    expect(parseCliArgs(['--mqtt-tls-hostnames', 'gw-net.example, 10.1.2.3'], {})).toMatchObject({
      options: { mqtt: { tlsHostnames: ['gw-net.example', '10.1.2.3'] } },
    });
    expect(parseCliArgs(['--mqtt-insecure-tcp'], {})).toMatchObject({
      options: { mqtt: { port: 1883, insecureTcp: true } },
    });
  });

  it('uses an external broker with --mqtt-url, taking the password from the environment', () => {
    const command = parseCliArgs(['--mqtt-url', 'mqtt://broker:1883', '--mqtt-username', 'console'], {
      PLANTWATCH_MQTT_PASSWORD: 's3cret',
    });
    expect(command).toMatchObject({
      options: {
        mqtt: { mode: 'external', url: 'mqtt://broker:1883', username: 'console', password: 's3cret' },
      },
    });
  });

  it('reads ports, hosts, data dir and log level', () => {
    expect(
      parseCliArgs(
        [
          '--port',
          '0',
          '--host',
          '0.0.0.0',
          '--mqtt-port',
          '18830',
          '--data-dir',
          '/var/lib/pw',
          '--log-level',
          'debug',
          '--allow-anonymous-agents',
        ],
        {},
      ),
    ).toMatchObject({
      logLevel: 'debug',
      options: {
        dataDir: '/var/lib/pw',
        http: { host: '0.0.0.0', port: 0 },
        mqtt: { port: 18830, allowAnonymousAgents: true },
      },
    });
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['stray'], 'positional'],
    [['--port', 'eighty'], '--port must be a port number'],
    [['--port', '65536'], '--port must be a port number'],
    [['--mqtt-port', '-1'], '--mqtt-port'],
    [['--mqtt-url', 'mqtt://b:1883', '--mqtt-port', '1884'], 'do not combine'],
    [['--mqtt-url', 'mqtt://b:1883', '--allow-anonymous-agents'], 'do not combine'],
    [['--mqtt-url', 'mqtt://b:1883', '--mqtt-insecure-tcp'], 'do not combine it with --mqtt-insecure-tcp'],
    [['--mqtt-tls-cert', 'c.pem'], '--mqtt-tls-cert and --mqtt-tls-key go together'],
    [['--mqtt-tls-ca', 'ca.pem'], '--mqtt-tls-ca needs'],
    [['--mqtt-insecure-tcp', '--mqtt-tls-hostnames', 'a'], 'turns TLS off'],
    [['--mqtt-public-url', 'mqtt://console:1883'], '--mqtt-public-url must be a URL such as mqtts://'],
    [['--mqtt-insecure-tcp', '--mqtt-public-url', 'mqtts://c:8883'], 'such as mqtt://'],
    [['--mqtt-url', 'http://b'], '--mqtt-url must be a URL'],
    [['--mqtt-password', 'x'], 'need --mqtt-url'],
    [['--log-level', 'loud'], '--log-level must be one of'],
    [['--data-dir', ''], '--data-dir must not be empty'],
  ])('refuses %j', (args, message) => {
    expect(() => parseCliArgs(args, {})).toThrow(UsageError);
    expect(() => parseCliArgs(args, {})).toThrow(message);
  });

  it('answers --help and --version before anything else', () => {
    expect(parseCliArgs(['--help', '--port', 'bad'], {})).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-v'], {})).toEqual({ kind: 'version' });
  });

  it('parses audit verify with its data dir', () => {
    expect(parseCliArgs(['audit', 'verify', '--data-dir', '/var/lib/pw'], {})).toEqual({
      kind: 'audit-verify',
      dataDir: '/var/lib/pw',
    });
    expect(parseCliArgs(['audit', 'verify'], {})).toEqual({ kind: 'audit-verify', dataDir: './data' });
    expect(() => parseCliArgs(['audit'], {})).toThrow(UsageError);
    expect(() => parseCliArgs(['audit', 'verify', '--port', '1'], {})).toThrow(UsageError);
  });
});
