import { describe, expect, it } from 'vitest';
import { parseConsoleOptions } from './config.ts';

describe('parseConsoleOptions', () => {
  it('fills in HTTP on 127.0.0.1:8080 and an embedded broker on 127.0.0.1:1883', () => {
    expect(parseConsoleOptions({ dataDir: './data' })).toEqual({
      dataDir: './data',
      http: { host: '127.0.0.1', port: 8080 },
      mqtt: {
        mode: 'embedded',
        host: '127.0.0.1',
        port: 1883,
        allowAnonymousAgents: false,
        maxMessagesPerSecond: 200,
      },
    });
    expect(
      parseConsoleOptions({ dataDir: 'd', http: { port: 0 }, mqtt: { mode: 'embedded' } }),
    ).toMatchObject({
      http: { host: '127.0.0.1', port: 0 },
      mqtt: { port: 1883 },
    });
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
