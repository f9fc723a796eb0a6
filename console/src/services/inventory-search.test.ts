import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGovernanceFixture, type GovernanceFixture, pressWith } from '../testing/governance-fixture.ts';
import { assetSnapshot, inventoryMessage } from '../testing/messages.ts';
import type { InventoryFilter } from './views.ts';
import { INVENTORY_SORTS } from './views.ts';

/**
 * The inventory reads a filter in two ways (inventory-match.ts): site by site for a site or a small
 * scope, through rowid sets from indexes otherwise. Both must give the same answers, and the
 * columns and counters that triggers keep (assets.owner, site_stats, assets_search) must agree
 * with the tables they follow.
 */

let f: GovernanceFixture;
const SITES = ['plant-a', 'plant-b', 'plant-c'];
/** More sites than are read one by one: the scope then becomes one of the rowid sets. */
const WIDE_SCOPE = [...SITES, ...Array.from({ length: 30 }, (_, index) => `empty-${index}`)];

beforeAll(async () => {
  f = await createGovernanceFixture();
  let seq = 0;
  const vendors = ['Acme', 'Bolt Industries', 'Ruggo', 'Netco 100%'];
  for (const siteId of SITES) {
    const agentId = `gw-${siteId}`;
    const snapshots = Array.from({ length: 12 }, (_, index) =>
      assetSnapshot({
        assetId: `${siteId === 'plant-b' ? 'pump' : 'press'}-${String(index).padStart(2, '0')}`,
        host: `10.${SITES.indexOf(siteId)}.0.${index}`,
        protocol: index % 4 === 0 ? 'snmp' : index % 4 === 1 ? 'opcua' : 'modbus',
        identity: {
          vendor: vendors[index % vendors.length],
          ...(index % 3 === 0 ? { productName: `PN-${index}` } : { model: `M${index % 5}-Pro` }),
          ...(index % 2 === 0 ? { softwareRevision: `4.${index}` } : { firmware: `2.${index % 3}.1` }),
          serial: `SN${siteId.at(-1)}${index}`,
        },
      }),
    );
    f.ingest.ingest(inventoryMessage({ siteId, agentId, seq: ++seq }, snapshots));
  }
  f.services.ownership.setAssetOwner('plant-a', 'press-01', { owner: 'Line 1 team', purpose: 'x' }, 'bob');
  f.services.ownership.setAssetOwner('plant-b', 'pump-02', { owner: 'Utilities', purpose: 'y' }, 'bob');
  f.services.ownership.setAssetOwner('plant-c', 'press-03', { owner: 'line 2 team', purpose: 'z' }, 'bob');
});

afterAll(async () => {
  await f.close();
});

const FILTERS: InventoryFilter[] = [
  {},
  { vendor: 'acm' },
  { vendor: 'BOLT' },
  { vendor: '100%' },
  { model: 'pro' },
  { model: 'pn-' },
  { firmware: '2.1' },
  { firmware: '4.' },
  { owner: 'line' },
  { owner: 'u' },
  { owned: false },
  { owned: true },
  { q: 'pump' },
  { q: 'SNb1' },
  { q: '10.2.0' },
  { q: 'pro' },
  { q: 'x' },
  { q: '%' },
  { protocol: 'snmp' },
  { class: 'controller' },
  { class: 'network', vendor: 'acme' },
  { siteId: 'plant-b', q: 'ruggo' },
  { vendor: 'acme', q: '4.', owned: false },
  { q: 'nothing-like-this' },
];

describe('inventory search', () => {
  it('answers every filter and sort the same site by site and through index sets', () => {
    for (const filter of FILTERS) {
      for (const sort of INVENTORY_SORTS) {
        const page = { limit: 7, offset: 3, sort, dir: sort === 'lastPoll' ? 'desc' : 'asc' } as const;
        const keys = (scope: string[] | null) => {
          const { items, total } = f.services.inventory.list(scope, filter, page);
          return { total, items: items.map((row) => `${row.siteId}/${row.assetId}`) };
        };
        const bySite = keys(SITES);
        expect(keys(null), JSON.stringify({ filter, sort })).toEqual(bySite);
        expect(keys(WIDE_SCOPE), JSON.stringify({ filter, sort })).toEqual(bySite);
      }
    }
  });

  it('matches text anywhere in a field, ignoring case, wildcards taken literally', () => {
    const ids = (filter: InventoryFilter) =>
      f.services.inventory
        .list(null, filter, { limit: 100, offset: 0, sort: 'site', dir: 'asc' })
        .items.map((row) => `${row.siteId}/${row.assetId}`);
    expect(ids({ vendor: '100%' })).toHaveLength(9);
    expect(ids({ vendor: '10_' })).toEqual([]);
    expect(ids({ owner: 'LINE' })).toEqual(['plant-a/press-01', 'plant-c/press-03']);
    expect(ids({ q: 'snb1' })).toEqual(['plant-b/pump-01', 'plant-b/pump-10', 'plant-b/pump-11']);
    // Two characters: below the trigram index, read by LIKE.
    expect(ids({ q: 'b1', siteId: 'plant-b' })).toEqual(ids({ q: 'snb1' }));
    expect(ids({ q: '"' })).toEqual([]);
  });

  it('keeps assets.owner, site_stats and the search index in step with what they follow', () => {
    f.services.ownership.setAssetOwner('plant-a', 'press-01', { owner: 'Night shift', purpose: 'x' }, 'bob');
    const check = () => {
      const counted = f.database.db.all<{ site: string; assets: number; stats: number }>(sql`
        select s.site_id as site, (select count(*) from assets a where a.site_id = s.site_id) as assets,
          (select asset_count from site_stats st where st.site_id = s.site_id) as stats from sites s`);
      for (const row of counted) expect(row.stats).toBe(row.assets);
      const owners = f.database.db.all<{ n: number }>(sql`
        select count(*) as n from assets a left join owners o
          on o.entity_type = 'asset' and o.site_id = a.site_id and o.entity_id = a.asset_id
        where a.owner is not o.owner`);
      expect(owners).toEqual([{ n: 0 }]);
      const indexed = f.database.db.all<{ n: number }>(
        sql`select count(*) as n from assets_search where assets_search match '"10."'`,
      );
      expect(indexed).toEqual([{ n: 36 }]);
    };
    check();
    expect(
      f.services.inventory.list(null, { owner: 'night' }, { limit: 10, offset: 0, sort: 'site', dir: 'asc' })
        .items,
    ).toMatchObject([{ assetId: 'press-01', owner: 'Night shift' }]);
    f.ingest.ingest(inventoryMessage({ siteId: 'plant-a', agentId: 'gw-plant-a', seq: 100 }, [pressWith()]));
    check();
  });

  it('counts drift per site as the records stand, through decisions', () => {
    f.ingest.ingest(
      inventoryMessage({ siteId: 'plant-a', agentId: 'gw-plant-a', seq: 101 }, [pressWith({ setpoint: 7 })]),
    );
    const stats = () =>
      f.database.db.all<{ open: number; unauthorized: number; unresolved: number }>(sql`
        select open_drift as open, unauthorized, unresolved_unauthorized as unresolved
        from site_stats where site_id = 'plant-a'`)[0];
    const counted = () =>
      f.database.db.all<{ open: number; unauthorized: number; unresolved: number }>(sql`
        select coalesce(sum(state in ('open', 'planned')), 0) as open,
          coalesce(sum(state in ('unauthorized', 'resolved')), 0) as unauthorized,
          coalesce(sum(state = 'unauthorized'), 0) as unresolved
        from drift_records where site_id = 'plant-a'`)[0];
    expect(stats()).toEqual(counted());
    expect(stats()?.open).toBeGreaterThan(0);
    for (const record of f.records().filter((r) => r.state === 'open')) {
      f.services.decisions.decide(record.id, { decision: 'unauthorized', comment: 'no' }, 'alice');
    }
    expect(stats()).toEqual(counted());
    expect(stats()).toMatchObject({ open: 0, unresolved: expect.any(Number) });
  });
});
