import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assetLinks, baselines } from '../../db/schema/index.ts';
import {
  createGovernanceFixture,
  type GovernanceFixture,
  pressWith,
  switchWith,
} from '../../testing/governance-fixture.ts';
import { inventoryMessage } from '../../testing/messages.ts';
import type { DriftRecordRow } from './record-writes.ts';

let f: GovernanceFixture;
let seq = 0;
const unauthorized: DriftRecordRow[] = [];
const send = (...snapshots: Parameters<typeof inventoryMessage>[1] & object) => {
  seq += 1;
  f.ingest.ingest(inventoryMessage({ seq }, snapshots));
};
const baseline = () => f.database.db.select().from(baselines).where(eq(baselines.assetId, 'press-01')).get();

beforeEach(async () => {
  seq = 0;
  unauthorized.length = 0;
  f = await createGovernanceFixture({
    signals: {
      recordOpened() {},
      agentWentOffline() {},
      recordUnauthorized: (_tx, record) => unauthorized.push(record),
    },
  });
});
afterEach(async () => {
  await f.close();
});

describe('approving drift', () => {
  it('needs a ticket, then advances the baseline so the same state raises nothing more', () => {
    send(pressWith());
    const changed = pressWith({ setpoint: 140 });
    send(changed);
    const [record] = f.records();
    const id = record?.id ?? 0;
    expect(() => f.services.decisions.decide(id, { decision: 'approve', comment: 'ok' }, 'alice')).toThrow(
      /ticket/,
    );

    const approved = f.services.decisions.decide(
      id,
      { decision: 'approve', ticket: 'CHG-1001', comment: 'new recipe' },
      'alice',
    );
    expect(approved).toMatchObject({
      state: 'approved',
      decidedBy: 'alice',
      ticket: 'CHG-1001',
      comment: 'new recipe',
    });
    expect(baseline()).toMatchObject({
      fingerprint: changed.fingerprint,
      source: 'approval',
      driftRecordId: id,
      establishedBy: 'alice',
    });
    expect(f.audit().at(-1)).toMatchObject({
      actor: 'alice',
      action: 'drift.approved',
      entityId: String(id),
    });
    expect(JSON.parse(f.audit().at(-1)?.details ?? '{}')).toMatchObject({
      ticket: 'CHG-1001',
      baseline: { to: changed.fingerprint },
    });

    send(changed);
    send(changed);
    expect(f.records()).toHaveLength(1);
    send(pressWith({ setpoint: 150 }));
    expect(f.records().at(-1)).toMatchObject({
      state: 'open',
      baselineFingerprint: changed.fingerprint,
      changes: [{ path: 'setpoints[0]', before: 140, after: 150 }],
    });
  });

  it('refuses to decide twice, and refuses when the record changed since it was shown', () => {
    send(pressWith());
    send(pressWith({ setpoint: 140 }));
    const shown = f.records()[0];
    send(pressWith({ setpoint: 141 }));
    const id = shown?.id ?? 0;
    expect(() =>
      f.services.decisions.decide(
        id,
        {
          decision: 'approve',
          ticket: 'T',
          comment: 'c',
          expectedFingerprint: shown?.currentFingerprint ?? '',
        },
        'alice',
      ),
    ).toThrow(/changed since it was shown/);
    f.services.decisions.decide(id, { decision: 'unauthorized', comment: 'who did this?' }, 'alice');
    expect(() =>
      f.services.decisions.decide(id, { decision: 'approve', ticket: 'T', comment: 'c' }, 'bob'),
    ).toThrow(/already unauthorized/);
  });

  it('keeps the baseline when the asset went back to it before the approval', () => {
    const first = pressWith();
    send(first);
    send(pressWith({ setpoint: 140 }));
    send(first);
    const id = f.records()[0]?.id ?? 0;
    f.services.decisions.decide(
      id,
      { decision: 'approve', ticket: 'T', comment: 'test change, reverted' },
      'alice',
    );
    expect(baseline()).toMatchObject({ fingerprint: first.fingerprint, source: 'initial' });
  });

  it('approves the new links of a network record', () => {
    const a = { source: 'fdb' as const, port: '1', mac: '00:00:00:00:00:01' };
    const b = { source: 'fdb' as const, port: '2', mac: '00:00:00:00:00:02' };
    send(switchWith([a]));
    send(switchWith([a, b]));
    const id = f.records()[0]?.id ?? 0;
    f.services.decisions.decide(id, { decision: 'approve', ticket: 'NET-7', comment: 'new HMI' }, 'alice');
    const links = f.database.db.select().from(assetLinks).all();
    expect(links.map((link) => link.approved)).toEqual([true, true]);
  });
});

describe('unauthorized drift', () => {
  it('stays flagged, raises nothing more for the same state, signals alerts, and is resolved with a note', () => {
    send(pressWith());
    const changed = pressWith({ setpoint: 999 });
    send(changed);
    const id = f.records()[0]?.id ?? 0;
    expect(() => f.services.decisions.resolve(id, 'n', 'bob')).toThrow(/only unauthorized/);
    f.services.decisions.decide(id, { decision: 'unauthorized', comment: 'not planned' }, 'bob');
    expect(unauthorized).toMatchObject([{ id, state: 'unauthorized', decidedBy: 'bob' }]);
    send(changed);
    expect(f.records()).toHaveLength(1);
    expect(baseline()?.source).toBe('initial');

    const resolved = f.services.decisions.resolve(id, 'restored from backup, operator retrained', 'bob');
    expect(resolved).toMatchObject({
      state: 'resolved',
      resolvedBy: 'bob',
      resolutionNote: 'restored from backup, operator retrained',
    });
    expect(f.audit().map((entry) => entry.action)).toEqual([
      'baseline.initial',
      'drift.unauthorized',
      'drift.resolved',
    ]);
    // A further change of an unauthorized configuration is a new record.
    send(pressWith({ setpoint: 1000 }));
    expect(f.records()).toHaveLength(2);
  });
});

describe('bulk decisions', () => {
  it('decides many records and lists the ones it could not decide', () => {
    send(pressWith(), pressWith({}, { assetId: 'press-02', host: '10.0.0.6' }));
    send(pressWith({ setpoint: 1 }), pressWith({ setpoint: 2 }, { assetId: 'press-02', host: '10.0.0.6' }));
    const [one, two] = f.records();
    f.services.decisions.decide(two?.id ?? 0, { decision: 'unauthorized', comment: 'x' }, 'alice');
    const result = f.services.decisions.decideMany(
      { ids: [one?.id ?? 0, two?.id ?? 0, 404], decision: 'approve', ticket: 'CHG-2', comment: 'batch' },
      'carol',
    );
    expect(result).toEqual({
      decided: [one?.id],
      failed: [
        { id: two?.id, code: 'conflict', message: expect.stringContaining('already unauthorized') },
        { id: 404, code: 'not_found', message: 'no drift record 404' },
      ],
    });
  });
});
