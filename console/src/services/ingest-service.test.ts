import { trackedState } from '@plantwatch/protocol';
import { canonicalJson } from '@plantwatch/shared';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import {
  agents,
  assets,
  assetVersions,
  configVersions,
  driftEvents,
  ingestedMessages,
  sites,
} from '../db/schema/index.ts';
import {
  assetSnapshot,
  driftMessage,
  failedSnapshot,
  inventoryMessage,
  statusMessage,
} from '../testing/messages.ts';
import { createTempDir } from '../testing/temp-dir.ts';
import { createIngestService, type IngestService } from './ingest-service.ts';

let temp: Awaited<ReturnType<typeof createTempDir>>;
let database: DatabaseHandle;
let ingest: IngestService;

beforeEach(async () => {
  temp = await createTempDir();
  database = openDatabase(temp.dir);
  ingest = createIngestService({ db: database.db, now: () => new Date('2026-11-22T10:00:01.000Z') });
});

afterEach(async () => {
  database.close();
  await temp.remove();
});

const db = () => database.db;

describe('ingest service', () => {
  it('creates the site, agent, asset and a config version from an inventory snapshot', () => {
    const snapshot = assetSnapshot();
    expect(ingest.ingest(inventoryMessage({ seq: 1 }, [snapshot]))).toEqual({ status: 'accepted' });

    expect(db().select().from(sites).all()).toMatchObject([{ siteId: 'plant-a' }]);
    expect(db().select().from(agents).all()).toMatchObject([
      { agentId: 'gw-01', siteId: 'plant-a', state: 'unknown', lastSeq: 1 },
    ]);
    const [asset] = db().select().from(assets).all();
    expect(asset).toMatchObject({
      siteId: 'plant-a',
      assetId: 'press-01',
      agentId: 'gw-01',
      identity: snapshot.identity,
      values: snapshot.values,
      fingerprint: snapshot.fingerprint,
      pollOk: true,
    });
    expect(db().select().from(configVersions).all()).toEqual([
      {
        fingerprint: snapshot.fingerprint,
        state: canonicalJson(trackedState(snapshot)),
        firstSeenAt: '2026-11-22T10:00:01.000Z',
      },
    ]);
    expect(db().select().from(assetVersions).all()).toHaveLength(1);
    expect(ingest.stats()).toEqual({ accepted: 1, duplicates: 0, rejected: {} });
  });

  it('stores the same (agent, seq) once and counts the second as a duplicate', () => {
    const message = inventoryMessage({ seq: 5 });
    expect(ingest.ingest(message).status).toBe('accepted');
    expect(ingest.ingest(message).status).toBe('duplicate');
    expect(db().select().from(ingestedMessages).all()).toHaveLength(1);
    expect(db().select().from(assetVersions).all()).toHaveLength(1);
    expect(ingest.stats()).toMatchObject({ accepted: 1, duplicates: 1 });
  });

  it('appends a version when the fingerprint changes and not when it stays the same', () => {
    ingest.ingest(inventoryMessage({ seq: 1 }));
    ingest.ingest(inventoryMessage({ seq: 2 }));
    expect(db().select().from(assetVersions).all()).toHaveLength(1);

    // A volatile value moving is not a configuration change.
    const warmer = assetSnapshot({
      values: [
        { path: 'setpoints[0]', class: 'config', value: 100, unit: 'rpm' },
        { path: 'mode', class: 'config', value: 'auto' },
        { path: 'temperature', class: 'volatile', value: 80, unit: 'degC' },
      ],
    });
    ingest.ingest(inventoryMessage({ seq: 3 }, [warmer]));
    expect(db().select().from(assetVersions).all()).toHaveLength(1);

    const changed = assetSnapshot({ values: [{ path: 'setpoints[0]', class: 'config', value: 140 }] });
    ingest.ingest(inventoryMessage({ seq: 4 }, [changed]));
    const versions = db().select().from(assetVersions).orderBy(assetVersions.id).all();
    expect(versions.map((version) => version.seq)).toEqual([1, 4]);
    expect(versions[1]?.fingerprint).toBe(changed.fingerprint);
    expect(db().select().from(configVersions).all()).toHaveLength(2);
    expect(db().select().from(assets).get()?.fingerprint).toBe(changed.fingerprint);
  });

  it('keeps the previous values when a poll fails, and records the failed poll', () => {
    const good = assetSnapshot();
    ingest.ingest(inventoryMessage({ seq: 1 }, [good]));
    expect(ingest.ingest(inventoryMessage({ seq: 2 }, [failedSnapshot()])).status).toBe('accepted');

    const asset = db().select().from(assets).get();
    expect(asset).toMatchObject({
      identity: good.identity,
      values: good.values,
      fingerprint: good.fingerprint,
      pollOk: false,
      lastPollAt: '2026-11-22T10:05:00.000Z',
    });
    expect(asset?.poll.error?.code).toBe('timeout');
    expect(db().select().from(assetVersions).all()).toHaveLength(1);
  });

  it('ignores an older snapshot that arrives after a newer one', () => {
    const newer = assetSnapshot({ values: [{ path: 'setpoints[0]', class: 'config', value: 140 }] });
    ingest.ingest(inventoryMessage({ seq: 9 }, [newer]));
    expect(ingest.ingest(inventoryMessage({ seq: 8 })).status).toBe('accepted');
    expect(db().select().from(assets).get()?.fingerprint).toBe(newer.fingerprint);
  });

  it('stores a drift event with its changes, open', () => {
    const message = driftMessage({ seq: 3 });
    expect(ingest.ingest(message).status).toBe('accepted');
    expect(db().select().from(driftEvents).all()).toMatchObject([
      {
        siteId: 'plant-a',
        agentId: 'gw-01',
        assetId: 'press-01',
        seq: 3,
        state: 'open',
        detectedAt: '2026-11-22T10:10:00.000Z',
        changes: message.changes,
      },
    ]);
  });

  it('updates the agent from status messages', () => {
    ingest.ingest(
      statusMessage({ seq: 1 }, { agentVersion: '1.2.3', startedAt: '2026-11-22T11:00:00+01:00' }),
    );
    expect(db().select().from(agents).get()).toMatchObject({
      state: 'online',
      agentVersion: '1.2.3',
      startedAt: '2026-11-22T10:00:00.000Z',
      lastSeenAt: '2026-11-22T10:00:01.000Z',
    });
    ingest.ingest(statusMessage({ seq: 2 }, { state: 'offline' }));
    expect(db().select().from(agents).get()?.state).toBe('offline');
  });

  it('rejects an agent that reported from site A and now claims site B, changing nothing', () => {
    ingest.ingest(inventoryMessage({ seq: 1, siteId: 'plant-a' }));
    // The forged snapshot's fingerprint is wrong too: the site conflict is what gets reported.
    const forged = inventoryMessage({ seq: 2, siteId: 'plant-b' }, [
      assetSnapshot({ assetId: 'press-99', fingerprint: 'f'.repeat(64) }),
    ]);
    expect(ingest.ingest(forged)).toMatchObject({ status: 'rejected', reason: 'agent_site_conflict' });
    expect(ingest.ingest(driftMessage({ seq: 3, siteId: 'plant-b' }))).toMatchObject({
      reason: 'agent_site_conflict',
    });

    expect(
      db()
        .select()
        .from(sites)
        .all()
        .map((site) => site.siteId),
    ).toEqual(['plant-a']);
    expect(db().select().from(assets).all()).toHaveLength(1);
    expect(db().select().from(driftEvents).all()).toHaveLength(0);
    expect(db().select().from(ingestedMessages).where(eq(ingestedMessages.seq, 2)).all()).toHaveLength(0);
    expect(db().select().from(agents).get()).toMatchObject({ siteId: 'plant-a', lastSeq: 1 });
    expect(ingest.stats()).toEqual({ accepted: 1, duplicates: 0, rejected: { agent_site_conflict: 2 } });
  });

  it('rejects a snapshot whose fingerprint is not the hash of its state', () => {
    const lying = assetSnapshot({ fingerprint: 'c'.repeat(64) });
    expect(ingest.ingest(inventoryMessage({ seq: 1 }, [lying]))).toMatchObject({
      status: 'rejected',
      reason: 'fingerprint_mismatch',
    });
    expect(db().select().from(configVersions).all()).toHaveLength(0);
  });
});
