import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baselines, configVersions } from '../../db/schema/index.ts';
import {
  createGovernanceFixture,
  type GovernanceFixture,
  polledAt,
  pressWith,
} from '../../testing/governance-fixture.ts';
import { inventoryMessage } from '../../testing/messages.ts';

let f: GovernanceFixture;
let seq = 0;
const send = (...snapshots: Parameters<typeof inventoryMessage>[1] & object) => {
  seq += 1;
  // Received a second after the poll started.
  f.clock.now = new Date(Date.parse(snapshots[0]?.poll.startedAt ?? '') + 1_000);
  f.ingest.ingest(inventoryMessage({ seq }, snapshots));
};
const page = { limit: 100, offset: 0 };
const T1 = '2026-11-01T08:00:00.000Z';
const T2 = '2026-11-02T08:00:00.000Z';
const T3 = '2026-11-06T08:00:00.000Z';

beforeEach(async () => {
  seq = 0;
  f = await createGovernanceFixture();
  send(
    polledAt(pressWith({ setpoint: 100 }), T1),
    polledAt(pressWith({}, { assetId: 'mixer-01', host: '10.0.0.9' }), T1),
  );
  send(polledAt(pressWith({ setpoint: 140 }), T2));
  send(polledAt(pressWith({ setpoint: 140 }), '2026-11-03T08:00:00.000Z'));
  send(polledAt(pressWith({ setpoint: 150, mode: 'manual' }), T3));
});
afterEach(async () => {
  await f.close();
});

describe('configuration history', () => {
  it('lists each distinct configuration once, newest first, with its changes', () => {
    const history = f.services.history.assetHistory('plant-a', 'press-01', page);
    expect(history.total).toBe(3);
    expect(
      history.items.map((version) => [version.observedAt, version.changes.map((change) => change.path)]),
    ).toEqual([
      [T3, ['mode', 'setpoints[0]']],
      [T2, ['setpoints[0]']],
      [T1, expect.arrayContaining(['identity.vendor', 'setpoints[0]'])],
    ]);
    expect(() => f.services.history.assetHistory('plant-a', 'nope', page)).toThrow(/no asset/);
  });

  it('answers what the configuration was at a time', () => {
    const asOf = (at: string) => f.services.history.asOf('plant-a', 'press-01', at);
    expect(asOf('2026-11-01T12:00:00.000Z')).toMatchObject({
      observedAt: T1,
      state: { 'setpoints[0]': 100, mode: 'auto' },
    });
    expect(asOf(T2).state['setpoints[0]']).toBe(140);
    expect(asOf('2026-11-05T00:00:00.000Z').state['setpoints[0]']).toBe(140);
    expect(asOf('2027-01-01T00:00:00.000Z').state).toMatchObject({ 'setpoints[0]': 150, mode: 'manual' });
    expect(() => asOf('2026-10-01T00:00:00.000Z')).toThrow(/no configuration .* is known/);
  });

  it('answers what changed at a site between two times, per asset', () => {
    expect(
      f.services.history.siteChanges('plant-a', '2026-11-01T12:00:00.000Z', '2026-11-07T00:00:00.000Z', page),
    ).toEqual({
      items: [
        {
          assetId: 'press-01',
          before: { fingerprint: expect.any(String), observedAt: T1 },
          after: { fingerprint: expect.any(String), observedAt: T3 },
          versionCount: 2,
          changes: [
            { path: 'mode', change: 'changed', before: 'auto', after: 'manual' },
            { path: 'setpoints[0]', change: 'changed', before: 100, after: 150 },
          ],
        },
      ],
      total: 1,
    });
    const fromStart = f.services.history.siteChanges('plant-a', '2026-10-01T00:00:00.000Z', T1, page);
    expect(fromStart.items.map((item) => [item.assetId, item.before])).toEqual([
      ['mixer-01', null],
      ['press-01', null],
    ]);
  });
});

describe('retention', () => {
  it('prunes volatile history past the horizon, keeps what as-of needs, baselines and decisions, and audits it', () => {
    const [record] = f.records();
    f.services.decisions.decide(record?.id ?? 0, { decision: 'unauthorized', comment: 'x' }, 'alice');
    f.services.settings.update({ historyRetentionDays: 3 }, 'alice');
    f.clock.now = new Date('2026-11-07T08:00:00.000Z');
    const result = f.services.retention.prune();
    expect(result).toMatchObject({
      horizon: '2026-11-04T08:00:00.000Z',
      assetVersions: 1,
      ingestedMessages: 3,
    });
    expect(
      f.services.history.assetHistory('plant-a', 'press-01', page).items.map((version) => version.observedAt),
    ).toEqual([T3, T2]);
    expect(
      f.services.history.asOf('plant-a', 'press-01', '2026-11-05T00:00:00.000Z').state['setpoints[0]'],
    ).toBe(140);
    // The initial baseline's configuration is kept although its version row is gone.
    const kept = new Set(
      f.database.db
        .select()
        .from(configVersions)
        .all()
        .map((row) => row.fingerprint),
    );
    for (const row of f.database.db.select().from(baselines).all())
      expect(kept.has(row.fingerprint)).toBe(true);
    expect(f.records()).toMatchObject([{ state: 'unauthorized' }]);
    expect(f.audit().at(-1)).toMatchObject({ actor: 'system', action: 'history.pruned' });
  });

  it('prunes nothing when retention is 0 days', () => {
    f.services.settings.update({ historyRetentionDays: 0 }, 'alice');
    expect(f.services.retention.prune()).toMatchObject({ horizon: null, assetVersions: 0 });
  });
});
