import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGovernanceFixture,
  type GovernanceFixture,
  pressWith,
  switchWith,
} from '../../testing/governance-fixture.ts';
import { inventoryMessage } from '../../testing/messages.ts';

let f: GovernanceFixture;
let seq = 0;
const send = (...snapshots: Parameters<typeof inventoryMessage>[1] & object) => {
  seq += 1;
  f.ingest.ingest(inventoryMessage({ seq }, snapshots));
};
const page = { limit: 100, offset: 0 };
const queue = () => f.services.review.list({ status: 'pending' }, page).items;

beforeEach(async () => {
  seq = 0;
  f = await createGovernanceFixture();
});
afterEach(async () => {
  await f.close();
});

describe('new-asset review queue', () => {
  it('queues a polled asset once, on its first snapshot', () => {
    send(pressWith());
    send(pressWith());
    expect(queue()).toEqual([
      expect.objectContaining({
        origin: 'polled',
        itemKey: 'asset:press-01',
        assetId: 'press-01',
        agentId: 'gw-01',
        status: 'pending',
      }),
    ]);
  });

  it('queues hosts a switch reports, keyed by MAC, merging what ARP and LLDP add, skipping polled assets', () => {
    send(pressWith()); // polled at 10.0.0.5
    send(
      switchWith([
        { source: 'fdb', port: 'Gi0/4', portIndex: 4, mac: '00:00:00:00:00:0a', vlan: 20 },
        { source: 'arp', mac: '00:00:00:00:00:0a', ip: '10.0.0.10' },
        { source: 'arp', mac: '00:00:00:00:00:05', ip: '10.0.0.5' },
        { source: 'lldp', port: 'Gi0/1', remoteName: 'hmi-01', remoteChassis: 'chassis-9' },
      ]),
    );
    const discovered = queue().filter((item) => item.origin === 'discovered');
    expect(discovered).toEqual([
      expect.objectContaining({
        itemKey: 'mac:00:00:00:00:00:0a',
        mac: '00:00:00:00:00:0a',
        ip: '10.0.0.10',
        switchAssetId: 'switch-01',
        port: 'Gi0/4',
        vlan: 20,
        linkSource: 'fdb',
      }),
      expect.objectContaining({ itemKey: 'lldp:chassis-9', remoteName: 'hmi-01', port: 'Gi0/1' }),
    ]);
  });

  it('accepts with an owner and a purpose, or ignores with a note, once, audited', () => {
    send(pressWith(), pressWith({}, { assetId: 'press-02', host: '10.0.0.6' }));
    const [first, second] = queue();
    f.services.review.accept(first?.id ?? 0, { owner: 'Line 1 team', purpose: 'stamping press' }, 'alice');
    f.services.review.ignore(second?.id ?? 0, 'lab device, not production', 'alice');
    expect(() => f.services.review.ignore(first?.id ?? 0, 'x', 'bob')).toThrow(/already accepted/);
    expect(queue()).toEqual([]);
    expect(f.services.assets.getAsset(null, 'plant-a', 'press-01')).toMatchObject({
      owner: { owner: 'Line 1 team', purpose: 'stamping press', updatedBy: 'alice' },
      review: { status: 'accepted' },
    });
    expect(
      f
        .audit()
        .map((entry) => entry.action)
        .slice(-3),
    ).toEqual(['owner.set', 'review.accepted', 'review.ignored']);
  });
});

describe('ownership and governance gaps', () => {
  it('lists unowned assets and agents, leaving out ignored assets', () => {
    send(
      pressWith(),
      pressWith({}, { assetId: 'press-02', host: '10.0.0.6' }),
      pressWith({}, { assetId: 'press-03', host: '10.0.0.7' }),
    );
    expect(f.services.ownership.gapCounts()).toEqual({ assets: 3, agents: 1 });
    f.services.ownership.setAssetOwner(
      'plant-a',
      'press-01',
      { owner: 'OT team', purpose: 'press' },
      'alice',
    );
    const third = queue().find((item) => item.assetId === 'press-03');
    f.services.review.ignore(third?.id ?? 0, 'decommissioned', 'alice');
    f.services.ownership.setAgentOwner('gw-01', { owner: 'Plant IT', purpose: 'gateway hall 1' }, 'alice');
    expect(f.services.ownership.gaps('asset', {}, page)).toEqual({
      items: [
        {
          entityType: 'asset',
          siteId: 'plant-a',
          entityId: 'press-02',
          detail: 'modbus 10.0.0.6:502',
          lastSeenAt: expect.any(String),
        },
      ],
      total: 1,
    });
    expect(f.services.ownership.gaps('agent', {}, page)).toEqual({ items: [], total: 0 });
    expect(() => f.services.ownership.setAgentOwner('gw-zz', { owner: 'x', purpose: 'y' }, 'alice')).toThrow(
      /no agent/,
    );
  });
});
