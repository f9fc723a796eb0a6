import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGovernanceFixture,
  type GovernanceFixture,
  polledAt,
  pressWith,
} from '../testing/governance-fixture.ts';
import { assetSnapshot, failedSnapshot, inventoryMessage, statusMessage } from '../testing/messages.ts';

/**
 * What the agent views show from the status messages (outbox, clock) and from the polls (newest
 * successful poll, coverage), stored by ingest.
 */

let f: GovernanceFixture;
let seq: number;
const PAGE = { limit: 100, offset: 0 };
const OUTBOX = { depth: 40, bytes: 52_000, oldestAgeMs: 90_000, dropped: { inventory: 2, drift: 1 } };

const agent = (agentId = 'gw-01') =>
  f.services.agents
    .list(null, {}, { ...PAGE, sort: 'agent', dir: 'asc' })
    .items.find((item) => item.agentId === agentId);

beforeEach(async () => {
  f = await createGovernanceFixture();
  seq = 0;
});

afterEach(async () => {
  await f.close();
});

describe('status figures', () => {
  it('stores the outbox and the clock skew of a live status', () => {
    // Sent at 10:00:00 by the agent's clock, received at 10:00:01 by the console's.
    f.ingest.ingest(statusMessage({ seq: ++seq }, { outbox: OUTBOX }));
    expect(agent()).toMatchObject({
      lastStatusAt: '2026-11-22T10:00:01.000Z',
      clockSkewMs: -1_000,
      outboxDepth: 40,
      outboxBytes: 52_000,
      outboxOldestAgeMs: 90_000,
      outboxDropped: 3,
    });
    f.clock.now = new Date('2026-11-22T09:59:30.000Z');
    f.ingest.ingest(statusMessage({ seq: ++seq }, { outbox: { ...OUTBOX, depth: 0, oldestAgeMs: null } }));
    expect(agent()).toMatchObject({ clockSkewMs: 30_000, outboxDepth: 0, outboxOldestAgeMs: null });
  });

  it('keeps the figures of the last live status when the will message of a vanished agent arrives', () => {
    // The broker publishes the will built at the agent's last connect: an older sequence number.
    const will = statusMessage({ seq: 1 }, { state: 'offline', outbox: { ...OUTBOX, depth: 7 } });
    f.ingest.ingest(statusMessage({ seq: 2 }, { outbox: OUTBOX }));
    f.clock.advance(60_000);
    f.ingest.ingest(will);
    expect(agent()).toMatchObject({ state: 'offline', outboxDepth: 40, clockSkewMs: -1_000 });
  });

  it('takes the figures of a clean shutdown, but no clock from it', () => {
    f.ingest.ingest(statusMessage({ seq: 1 }, { outbox: OUTBOX }));
    f.clock.advance(3_600_000);
    f.ingest.ingest(statusMessage({ seq: 2 }, { state: 'offline', outbox: { ...OUTBOX, depth: 3 } }));
    expect(agent()).toMatchObject({
      state: 'offline',
      outboxDepth: 3,
      clockSkewMs: -1_000,
      lastStatusAt: '2026-11-22T11:00:01.000Z',
    });
  });

  it('leaves the figures unknown for an agent that does not report an outbox', () => {
    f.ingest.ingest(statusMessage({ seq: 1 }));
    expect(agent()).toMatchObject({ outboxDepth: null, outboxDropped: null, clockSkewMs: -1_000 });
  });
});

describe('fleet and site rollups', () => {
  it('sums the outboxes of a site, takes its worst clock, and sorts sites by them', () => {
    const status = (siteId: string, agentId: string, depth: number) =>
      f.ingest.ingest(statusMessage({ siteId, agentId, seq: ++seq }, { outbox: { ...OUTBOX, depth } }));
    status('plant-a', 'gw-a1', 5);
    f.clock.now = new Date('2026-11-22T10:02:00.000Z');
    status('plant-a', 'gw-a2', 7);
    status('plant-b', 'gw-b1', 1);
    const sites = (sort: 'outbox' | 'clockSkew') =>
      f.services.fleet.listSites(null, { ...PAGE, sort, dir: 'desc' }).items.map((site) => ({
        siteId: site.siteId,
        outboxDepth: site.outboxDepth,
        maxClockSkewMs: site.maxClockSkewMs,
      }));
    expect(sites('outbox')).toEqual([
      { siteId: 'plant-a', outboxDepth: 12, maxClockSkewMs: -120_000 },
      { siteId: 'plant-b', outboxDepth: 1, maxClockSkewMs: -120_000 },
    ]);
    expect(f.services.fleet.fleetTotals(null)).toMatchObject({ outboxDepth: 13, maxClockSkewMs: -120_000 });
    expect(f.services.agents.siteHealth(null, PAGE).items[0]).toMatchObject({
      siteId: 'plant-a',
      outboxDepth: 12,
      outboxOldestAgeMs: 90_000,
      maxClockSkewMs: -120_000,
    });
    expect(
      f.services.agents
        .list(null, {}, { ...PAGE, sort: 'clockSkew', dir: 'asc' })
        .items.map((a) => a.agentId),
    ).toEqual(['gw-a1', 'gw-a2', 'gw-b1']);
  });
});

describe('polls', () => {
  it('keeps the time of the last successful poll through failures, for coverage and the newest poll', () => {
    f.ingest.ingest(statusMessage({ seq: ++seq }, { targetCount: 2 }));
    f.ingest.ingest(
      inventoryMessage({ seq: ++seq }, [
        pressWith(),
        assetSnapshot({ assetId: 'press-02', host: '10.0.0.6' }),
      ]),
    );
    f.ingest.ingest(inventoryMessage({ seq: ++seq }, [failedSnapshot('press-01')]));
    f.ingest.ingest(
      inventoryMessage({ seq: ++seq }, [
        polledAt(assetSnapshot({ assetId: 'press-02', host: '10.0.0.6' }), '2026-11-22T10:03:00.000Z'),
      ]),
    );
    f.clock.now = new Date('2026-11-22T10:06:00.000Z');
    const press01 = f.services.inventory
      .list(null, { q: 'press-01' }, { ...PAGE, sort: 'asset', dir: 'asc' })
      .items.at(0);
    expect(press01).toMatchObject({
      pollOk: false,
      lastPollAt: '2026-11-22T10:05:00.000Z',
      lastOkAt: '2026-11-22T10:00:00.000Z',
    });
    // press-01 fails now; press-02 answered three minutes ago, within the five-minute window.
    expect(agent()).toMatchObject({
      failingTargets: 1,
      coveredTargets: 1,
      newestPollAt: '2026-11-22T10:03:00.000Z',
      newestPollAgeMs: 180_000,
    });
    expect(f.services.agents.siteHealth(null, PAGE).items[0]).toMatchObject({
      coveredTargets: 1,
      configuredTargets: 2,
      newestPollAt: '2026-11-22T10:03:00.000Z',
    });
    f.clock.now = new Date('2026-11-22T10:09:00.000Z');
    expect(agent()).toMatchObject({ coveredTargets: 0, newestPollAgeMs: 360_000 });
  });

  it('updates identity, host and the search index when the configuration or address changes', () => {
    f.ingest.ingest(inventoryMessage({ seq: ++seq }, [pressWith({ serial: 'SN-OLD-1' })]));
    f.ingest.ingest(inventoryMessage({ seq: ++seq }, [pressWith({ serial: 'SN-OLD-1' })]));
    const find = (q: string) =>
      f.services.inventory
        .list(null, { q }, { ...PAGE, sort: 'asset', dir: 'asc' })
        .items.map((row) => `${row.assetId} ${row.serial} ${row.host}`);
    expect(find('sn-old')).toEqual(['press-01 SN-OLD-1 10.0.0.5']);
    f.ingest.ingest(
      inventoryMessage({ seq: ++seq }, [
        pressWith({ serial: 'SN-NEW-2', firmware: '3.0.0' }, { host: '10.9.9.9' }),
      ]),
    );
    expect(find('sn-old')).toEqual([]);
    expect(find('sn-new')).toEqual(['press-01 SN-NEW-2 10.9.9.9']);
    expect(find('10.9.9')).toEqual(['press-01 SN-NEW-2 10.9.9.9']);
    // Same configuration, new address: the fast path does not apply.
    f.ingest.ingest(
      inventoryMessage({ seq: ++seq }, [
        pressWith({ serial: 'SN-NEW-2', firmware: '3.0.0' }, { host: '10.7.7.7' }),
      ]),
    );
    expect(find('10.9.9')).toEqual([]);
    expect(find('10.7.7')).toEqual(['press-01 SN-NEW-2 10.7.7.7']);
  });
});
