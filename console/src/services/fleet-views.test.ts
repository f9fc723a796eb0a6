import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGovernanceFixture,
  type GovernanceFixture,
  polledAt,
  pressWith,
  switchWith,
} from '../testing/governance-fixture.ts';
import { assetSnapshot, failedSnapshot, inventoryMessage, statusMessage } from '../testing/messages.ts';
import { AGENT_SORTS, INVENTORY_SORTS, SITE_SORTS } from './views.ts';

/**
 * The fleet overview, the inventory and agent health over a small fleet: plant-a with an online
 * agent (3 targets: two presses, one failing, and a switch), plant-b with an agent gone offline,
 * plant-c whose agent sent no status and whose only poll is an hour old.
 */

let f: GovernanceFixture;
const PAGE = { limit: 100, offset: 0 };
const NOW = '2026-11-22T10:02:00.000Z';

beforeAll(async () => {
  f = await createGovernanceFixture();
  let seq = 0;
  const send = (siteId: string, agentId: string, ...assets: ReturnType<typeof assetSnapshot>[]) =>
    f.ingest.ingest(inventoryMessage({ siteId, agentId, seq: ++seq }, assets));
  f.ingest.ingest(statusMessage({ seq: ++seq }, { targetCount: 3 }));
  send(
    'plant-a',
    'gw-01',
    pressWith(),
    assetSnapshot({
      assetId: 'press-02',
      host: '10.0.0.6',
      identity: { vendor: 'Acme', productName: 'X2-Pro', revision: '3.0' },
    }),
    switchWith([]),
  );
  send('plant-a', 'gw-01', failedSnapshot('press-02'));
  send('plant-a', 'gw-01', pressWith({ setpoint: 140 }));
  f.ingest.ingest(
    statusMessage({ siteId: 'plant-b', agentId: 'gw-b1', seq: ++seq }, { agentVersion: '0.2.0' }),
  );
  send(
    'plant-b',
    'gw-b1',
    assetSnapshot({ identity: { vendor: 'Bolt', model: 'M7', softwareRevision: '9.9' }, protocol: 'opcua' }),
  );
  f.ingest.ingest(
    statusMessage(
      { siteId: 'plant-b', agentId: 'gw-b1', seq: ++seq },
      { state: 'offline', agentVersion: '0.2.0' },
    ),
  );
  send(
    'plant-c',
    'gw-c1',
    polledAt(
      assetSnapshot({ assetId: 'rtu-1', host: '10.3.0.1', identity: { vendor: 'Ruggo', model: 'R1' } }),
      '2026-11-22T09:00:00.000Z',
    ),
  );
  f.services.ownership.setAssetOwner(
    'plant-a',
    'press-01',
    { owner: 'Line 1 team', purpose: 'stamping' },
    'bob',
  );
  f.clock.now = new Date(NOW);
});

afterAll(async () => {
  await f.close();
});

describe('fleet overview', () => {
  it('counts each site: agents, drift, unowned assets, newest successful poll and coverage', () => {
    const { items } = f.services.fleet.listSites(null, { ...PAGE, sort: 'site', dir: 'asc' });
    expect(items).toEqual([
      expect.objectContaining({
        siteId: 'plant-a',
        assetCount: 3,
        agentsOnline: 1,
        agentsOffline: 0,
        openDrift: 1,
        unownedAssets: 2,
        newestPollAt: '2026-11-22T10:00:00.000Z',
        newestPollAgeMs: 120_000,
        // press-02's last poll failed: two of three targets answered within the window.
        coveredTargets: 2,
        configuredTargets: 3,
      }),
      expect.objectContaining({
        siteId: 'plant-b',
        agentsOffline: 1,
        coveredTargets: 1,
        configuredTargets: 1,
      }),
      expect.objectContaining({
        siteId: 'plant-c',
        agentsTotal: 1,
        agentsOnline: 0,
        newestPollAgeMs: 62 * 60_000,
        coveredTargets: 0,
        configuredTargets: 1,
      }),
    ]);
    expect(f.services.fleet.fleetTotals(null)).toMatchObject({
      sites: 3,
      assetCount: 5,
      agentsOnline: 1,
      agentsOffline: 1,
      agentsTotal: 3,
      // The config drift at plant-a, and plant-b's agent going offline.
      openDrift: 2,
      unownedAssets: 4,
      newestPollAgeMs: 120_000,
      coveredTargets: 3,
      configuredTargets: 5,
      coverageWindowMs: 300_000,
    });
  });

  it('sorts by every column in SQL, both ways, and pages', () => {
    const order = (sort: (typeof SITE_SORTS)[number], dir: 'asc' | 'desc') =>
      f.services.fleet.listSites(null, { ...PAGE, sort, dir }).items.map((site) => site.siteId);
    for (const sort of SITE_SORTS) {
      expect(order(sort, 'asc')).toHaveLength(3);
      expect(order(sort, 'desc')).toHaveLength(3);
    }
    expect(order('assets', 'desc')).toEqual(['plant-a', 'plant-b', 'plant-c']);
    expect(order('agentsOffline', 'desc')[0]).toBe('plant-b');
    expect(order('unowned', 'desc')[0]).toBe('plant-a');
    // By poll age: the stalest first when descending.
    expect(order('newestPoll', 'desc')[0]).toBe('plant-c');
    expect(order('coverage', 'asc')).toEqual(['plant-c', 'plant-a', 'plant-b']);
    expect(order('site', 'desc')).toEqual(['plant-c', 'plant-b', 'plant-a']);
    expect(f.services.fleet.listSites(null, { limit: 1, offset: 1, sort: 'site', dir: 'asc' })).toMatchObject(
      { items: [{ siteId: 'plant-b' }], total: 3 },
    );
  });

  it('counts drift opened and decided per week, twelve weeks ending with this one', () => {
    const id = f.records().find((record) => record.kind === 'config')?.id ?? 0;
    f.services.decisions.decide(id, { decision: 'unauthorized', comment: 'not planned' }, 'alice');
    const weeks = f.services.fleet.driftTrend(null, 12);
    expect(weeks).toHaveLength(12);
    expect(weeks[0]?.weekStart).toBe('2026-08-31');
    expect(weeks[11]).toEqual({ weekStart: '2026-11-16', opened: 2, approved: 0, unauthorized: 1 });
    expect(
      f.services.fleet.listSites(null, { ...PAGE, sort: 'unauthorized', dir: 'desc' }).items[0],
    ).toMatchObject({ siteId: 'plant-a', unauthorized: 1, unresolvedUnauthorized: 1, openDrift: 0 });
  });

  it('shows a site: agents, assets by type and vendor, recent configuration changes', () => {
    const site = f.services.fleet.getSite(null, 'plant-a', PAGE);
    expect(site.agents).toMatchObject([
      { agentId: 'gw-01', targetCount: 3, assetCount: 3, failingTargets: 1 },
    ]);
    expect(site.assetMix).toEqual([
      { assetClass: 'controller', protocol: 'modbus', vendor: 'Acme', assets: 2 },
      { assetClass: 'network', protocol: 'snmp', vendor: 'Netco', assets: 1 },
    ]);
    expect(site.recentChanges[0]).toMatchObject({
      assetId: 'press-01',
      previousFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(site.recentChanges.filter((change) => change.previousFingerprint === null)).toHaveLength(3);
  });
});

describe('inventory', () => {
  const ids = (filter: Parameters<typeof f.services.inventory.list>[1]) =>
    f.services.inventory
      .list(null, filter, { ...PAGE, sort: 'site', dir: 'asc' })
      .items.map((row) => `${row.siteId}/${row.assetId}`);

  it('filters by every field, ignoring case, with identity fields as devices name them', () => {
    expect(ids({ vendor: 'acme' })).toEqual(['plant-a/press-01', 'plant-a/press-02']);
    expect(ids({ model: 'x2-' })).toEqual(['plant-a/press-02']);
    expect(ids({ firmware: '9.9' })).toEqual(['plant-b/press-01']);
    expect(ids({ protocol: 'snmp' })).toEqual(['plant-a/switch-01']);
    expect(ids({ class: 'network' })).toEqual(['plant-a/switch-01']);
    expect(ids({ class: 'controller', siteId: 'plant-a' })).toEqual(['plant-a/press-01', 'plant-a/press-02']);
    expect(ids({ owner: 'LINE 1' })).toEqual(['plant-a/press-01']);
    expect(ids({ owned: false, siteId: 'plant-a' })).toEqual(['plant-a/press-02', 'plant-a/switch-01']);
    expect(ids({ q: '10.0.0.2' })).toEqual(['plant-a/switch-01']);
    expect(ids({ q: 'rtu' })).toEqual(['plant-c/rtu-1']);
    expect(ids({ q: '100%_' })).toEqual([]);
  });

  it('returns flattened rows, sorts by every column and pages', () => {
    const [row] = f.services.inventory.list(
      null,
      { q: 'press-02' },
      {
        ...PAGE,
        sort: 'asset',
        dir: 'asc',
      },
    ).items;
    expect(row).toMatchObject({ vendor: 'Acme', model: 'X2-Pro', firmware: '3.0', assetClass: 'controller' });
    expect(row).toMatchObject({ pollOk: false, owner: null, reviewStatus: 'pending' });
    for (const sort of INVENTORY_SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        expect(f.services.inventory.list(null, {}, { ...PAGE, sort, dir }).items).toHaveLength(5);
      }
    }
    const byVendor = f.services.inventory.list(null, {}, { ...PAGE, sort: 'vendor', dir: 'desc' });
    expect(byVendor.items.map((item) => item.vendor)).toEqual(['Ruggo', 'Netco', 'Bolt', 'Acme', 'Acme']);
    const page2 = f.services.inventory.list(null, {}, { limit: 2, offset: 2, sort: 'asset', dir: 'asc' });
    expect(page2.total).toBe(5);
    // By asset id, then site: press-01 (plant-a), press-01 (plant-b), press-02, rtu-1, switch-01.
    expect(page2.items.map((item) => item.assetId)).toEqual(['press-02', 'rtu-1']);
  });

  it('gives the JSON API the same filter over asset summaries', () => {
    const assets = f.services.assets.listAssets(
      null,
      { vendor: 'bolt' },
      { ...PAGE, sort: 'asset', dir: 'asc' },
    );
    expect(assets).toMatchObject({ total: 1, items: [{ siteId: 'plant-b', identity: { vendor: 'Bolt' } }] });
  });
});

describe('agents', () => {
  it('lists agents with their health, sortable by every column', () => {
    for (const sort of AGENT_SORTS) {
      expect(f.services.agents.list(null, {}, { ...PAGE, sort, dir: 'desc' }).items).toHaveLength(3);
    }
    expect(
      f.services.agents.list(null, {}, { ...PAGE, sort: 'pollErrors', dir: 'desc' }).items[0],
    ).toMatchObject({ agentId: 'gw-01', failingTargets: 1 });
    expect(
      f.services.agents.list(null, { agentVersion: null }, { ...PAGE, sort: 'site', dir: 'asc' }).items,
    ).toMatchObject([{ agentId: 'gw-c1', state: 'unknown', targetCount: null, assetCount: 1 }]);
    expect(
      f.services.agents.list(null, { state: 'offline' }, { ...PAGE, sort: 'site', dir: 'asc' }).total,
    ).toBe(1);
  });

  it('rolls agent health up per site, least healthy first, and counts versions', () => {
    expect(f.services.agents.siteHealth(null, PAGE).items).toEqual([
      expect.objectContaining({ siteId: 'plant-b', offline: 1, online: 0 }),
      expect.objectContaining({ siteId: 'plant-a', online: 1, failingTargets: 1, versions: 1 }),
      expect.objectContaining({ siteId: 'plant-c', unknown: 1, versions: 0 }),
    ]);
    expect(f.services.agents.versions(null)).toEqual([
      { agentVersion: null, agents: 1 },
      { agentVersion: '0.1.0', agents: 1 },
      { agentVersion: '0.2.0', agents: 1 },
    ]);
  });
});
