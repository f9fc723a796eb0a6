import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGovernanceFixture,
  type GovernanceFixture,
  pressWith,
  switchWith,
} from '../../testing/governance-fixture.ts';
import { assetSnapshot, failedSnapshot, inventoryMessage, statusMessage } from '../../testing/messages.ts';

let f: GovernanceFixture;
let seq = 0;
const send = (...snapshots: Parameters<typeof inventoryMessage>[1] & object) => {
  seq += 1;
  expect(f.ingest.ingest(inventoryMessage({ seq }, snapshots)).status).toBe('accepted');
};
const status = (state: 'online' | 'offline') => {
  seq += 1;
  f.ingest.ingest(statusMessage({ seq }, { state }));
};

beforeEach(async () => {
  seq = 0;
  f = await createGovernanceFixture();
});
afterEach(async () => {
  await f.close();
});

describe('unreachable assets', () => {
  it('opens an unreachable record at the configured number of failed polls, extends it, clears it on success', () => {
    send(pressWith());
    send(failedSnapshot());
    send(failedSnapshot());
    expect(f.records()).toEqual([]);
    send(failedSnapshot());
    expect(f.records()).toMatchObject([
      {
        kind: 'unreachable',
        class: 'unreachable',
        severity: 'low',
        state: 'open',
        changes: [
          { path: 'poll.consecutiveFailures', before: 0, after: 3 },
          { path: 'poll.error', before: null, after: 'timeout: no reply within 3000 ms' },
        ],
      },
    ]);
    send(failedSnapshot());
    expect(f.records()).toMatchObject([{ changes: [{ after: 4 }, {}] }]);
    send(pressWith());
    expect(f.records()).toMatchObject([{ state: 'open', clearedAt: expect.any(String) }]);
  });

  it('follows the configured threshold', () => {
    f.services.settings.update({ unreachableAfterPolls: 1 }, 'alice');
    send(failedSnapshot());
    expect(f.records()).toMatchObject([{ kind: 'unreachable', assetId: 'press-01' }]);
  });
});

describe('agents offline', () => {
  it('opens an agent_offline record on an offline status, clears it when the agent is back, and keeps one record while undecided', () => {
    status('online');
    status('offline');
    status('offline');
    expect(f.records()).toMatchObject([
      {
        kind: 'agent_offline',
        assetId: null,
        agentId: 'gw-01',
        severity: 'high',
        changes: [{ path: 'agent.state', before: 'online', after: 'offline' }],
      },
    ]);
    status('online');
    expect(f.records()).toMatchObject([{ clearedAt: expect.any(String) }]);
    status('offline');
    expect(f.records()).toMatchObject([{ state: 'open', clearedAt: null }]);
  });
});

describe('network drift from switch links', () => {
  const plc = { source: 'fdb' as const, port: 'Gi0/3', portIndex: 3, mac: '00:1a:2b:3c:4d:5e', vlan: 10 };
  const intruder = {
    source: 'fdb' as const,
    port: 'Gi0/7',
    portIndex: 7,
    mac: '66:77:88:99:aa:bb',
    vlan: 10,
  };

  it('takes the first links as the network baseline and raises network drift for a new host', () => {
    send(switchWith([plc]));
    send(switchWith([plc]));
    expect(f.records()).toEqual([]);
    send(switchWith([plc, intruder]));
    send(switchWith([plc, intruder]));
    expect(f.records()).toMatchObject([
      {
        kind: 'network',
        class: 'network',
        assetId: 'switch-01',
        changes: [
          {
            path: 'links.fdb[Gi0_7].66:77:88:99:aa:bb',
            change: 'added',
            before: null,
            after: 'fdb: mac 66:77:88:99:aa:bb vlan 10 port Gi0/7',
          },
        ],
      },
    ]);
  });

  it('sees a known MAC on another port as a new link', () => {
    send(switchWith([plc]));
    send(switchWith([{ ...plc, port: 'Gi0/9', portIndex: 9 }]));
    expect(f.records()).toMatchObject([
      { kind: 'network', changes: [{ path: 'links.fdb[Gi0_9].00:1a:2b:3c:4d:5e' }] },
    ]);
  });
});

describe('assets appearing', () => {
  it('treats assets in an agent first minutes as its inventory, and a later one as asset_appeared drift', () => {
    send(pressWith());
    f.clock.advance(2 * 60 * 60_000);
    send(assetSnapshot({ assetId: 'rogue-01', host: '10.0.0.66' }));
    expect(f.records()).toMatchObject([
      {
        kind: 'asset_appeared',
        assetId: 'rogue-01',
        changes: [{ path: 'asset', after: 'modbus 10.0.0.66:502' }],
      },
    ]);
  });
});
