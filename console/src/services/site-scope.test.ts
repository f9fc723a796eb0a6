import { isPlantwatchError } from '@plantwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGovernanceFixture, type GovernanceFixture, pressWith } from '../testing/governance-fixture.ts';
import { assetSnapshot, inventoryMessage, statusMessage } from '../testing/messages.ts';
import type { SiteScope } from './site-scope.ts';

/**
 * Site scoping at the service level: a user limited to some sites never gets another site's rows
 * from a list, a count or an export, and another site's site or asset is `not_found`, exactly like
 * one that does not exist.
 */

let f: GovernanceFixture;
const PAGE = { limit: 100, offset: 0 };
const A: SiteScope = ['plant-a'];

function notFound(read: () => unknown): boolean {
  try {
    read();
    return false;
  } catch (error) {
    return isPlantwatchError(error, 'not_found');
  }
}

function drain<T>(batches: Generator<T[]>): T[] {
  return [...batches].flat();
}

beforeAll(async () => {
  f = await createGovernanceFixture();
  let seq = 0;
  const send = (siteId: string, agentId: string, ...assets: ReturnType<typeof assetSnapshot>[]) =>
    f.ingest.ingest(inventoryMessage({ siteId, agentId, seq: ++seq }, assets));
  f.ingest.ingest(statusMessage({ seq: ++seq }));
  send('plant-a', 'gw-01', pressWith());
  f.ingest.ingest(statusMessage({ siteId: 'plant-b', agentId: 'gw-b1', seq: ++seq }));
  send('plant-b', 'gw-b1', pressWith(), assetSnapshot({ assetId: 'press-09', host: '10.1.0.9' }));
  // Drift at plant-b only: a changed setpoint, decided unauthorized.
  send('plant-b', 'gw-b1', pressWith({ setpoint: 140 }));
  const record = f.records().find((row) => row.siteId === 'plant-b');
  f.services.decisions.decide(record?.id ?? 0, { decision: 'unauthorized', comment: 'who?' }, 'alice');
});

afterAll(async () => {
  await f.close();
});

describe('site scope in the view services', () => {
  it('lists and counts only the sites of the scope', () => {
    const sites = f.services.fleet.listSites(A, { ...PAGE, sort: 'unauthorized', dir: 'desc' });
    expect(sites.items.map((site) => site.siteId)).toEqual(['plant-a']);
    expect(sites.total).toBe(1);
    expect(f.services.fleet.fleetTotals(A)).toMatchObject({
      sites: 1,
      assetCount: 1,
      agentsTotal: 1,
      unauthorized: 0,
      openDrift: 0,
    });
    expect(f.services.fleet.fleetTotals(null)).toMatchObject({ sites: 2, assetCount: 3, unauthorized: 1 });
    const trend = f.services.fleet.driftTrend(A, 4);
    expect(trend.reduce((sum, week) => sum + week.opened + week.unauthorized, 0)).toBe(0);
    const all = f.services.fleet.driftTrend(null, 4);
    expect(all.reduce((sum, week) => sum + week.opened, 0)).toBe(1);
  });

  it('never returns another site in the inventory, the asset list or an export, even when asked for it', () => {
    const inventory = f.services.inventory.list(A, {}, { ...PAGE, sort: 'site', dir: 'desc' });
    expect(inventory.items.map((row) => row.siteId)).toEqual(['plant-a']);
    expect(
      f.services.inventory.list(A, { siteId: 'plant-b' }, { ...PAGE, sort: 'site', dir: 'asc' }),
    ).toEqual({
      items: [],
      total: 0,
    });
    const assets = f.services.assets.listAssets(A, { q: 'press' }, { ...PAGE, sort: 'asset', dir: 'asc' });
    expect(assets.items.map((asset) => `${asset.siteId}/${asset.assetId}`)).toEqual(['plant-a/press-01']);
    expect(drain(f.services.exports.inventory(A, {})).map((row) => row.siteId)).toEqual(['plant-a']);
    expect(drain(f.services.exports.inventory(A, { siteId: 'plant-b' }))).toEqual([]);
    expect(drain(f.services.exports.drift(A, {}))).toEqual([]);
    expect(drain(f.services.exports.drift(['plant-b'], {}))).toHaveLength(1);
  });

  it('lists only the agents of the scope, per agent, per site and per version', () => {
    expect(f.services.agents.list(A, {}, { ...PAGE, sort: 'site', dir: 'desc' }).items).toMatchObject([
      { agentId: 'gw-01', siteId: 'plant-a' },
    ]);
    expect(
      f.services.agents.list(A, { siteId: 'plant-b' }, { ...PAGE, sort: 'site', dir: 'asc' }).total,
    ).toBe(0);
    expect(f.services.agents.siteHealth(A, PAGE).items.map((row) => row.siteId)).toEqual(['plant-a']);
    expect(f.services.agents.versions(A)).toEqual([{ agentVersion: '0.1.0', agents: 1 }]);
  });

  it('answers not_found for a site or an asset outside the scope', () => {
    expect(f.services.fleet.getSite(A, 'plant-a', PAGE).siteId).toBe('plant-a');
    expect(notFound(() => f.services.fleet.getSite(A, 'plant-b', PAGE))).toBe(true);
    expect(f.services.assets.getAsset(null, 'plant-b', 'press-01').siteId).toBe('plant-b');
    expect(notFound(() => f.services.assets.getAsset(A, 'plant-b', 'press-01'))).toBe(true);
    expect(notFound(() => f.services.assets.listLinks(A, 'plant-b', 'press-01', PAGE))).toBe(true);
    const versions = f.services.assets.getAsset(null, 'plant-b', 'press-01').versions;
    const [to, from] = versions.map((version) => version.fingerprint);
    expect(
      f.services.assets.diffVersions(['plant-b'], 'plant-b', 'press-01', from ?? '', to ?? '').changes,
    ).toEqual([{ path: 'setpoints[0]', change: 'changed', before: 100, after: 140 }]);
    expect(
      notFound(() => f.services.assets.diffVersions(A, 'plant-b', 'press-01', from ?? '', to ?? '')),
    ).toBe(true);
  });

  it('shows nothing to an empty scope', () => {
    expect(f.services.fleet.listSites([], { ...PAGE, sort: 'site', dir: 'asc' })).toEqual({
      items: [],
      total: 0,
    });
    expect(f.services.fleet.fleetTotals([])).toMatchObject({ sites: 0, assetCount: 0, agentsTotal: 0 });
    expect(f.services.inventory.list([], {}, { ...PAGE, sort: 'site', dir: 'asc' }).total).toBe(0);
    expect(f.services.agents.list([], {}, { ...PAGE, sort: 'site', dir: 'asc' }).total).toBe(0);
  });
});
