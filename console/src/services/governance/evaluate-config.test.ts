import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baselines } from '../../db/schema/index.ts';
import {
  createGovernanceFixture,
  type GovernanceFixture,
  pressWith,
} from '../../testing/governance-fixture.ts';
import { driftMessage, inventoryMessage } from '../../testing/messages.ts';

let f: GovernanceFixture;
let seq = 0;
const send = (...snapshots: Parameters<typeof inventoryMessage>[1] & object) => {
  seq += 1;
  expect(f.ingest.ingest(inventoryMessage({ seq }, snapshots)).status).toBe('accepted');
};

beforeEach(async () => {
  seq = 0;
  f = await createGovernanceFixture();
});
afterEach(async () => {
  await f.close();
});

describe('baselines and config drift', () => {
  it('makes the first successful snapshot the baseline, recorded by system in the audit log', () => {
    const first = pressWith();
    send(first);
    expect(f.database.db.select().from(baselines).all()).toEqual([
      expect.objectContaining({
        assetId: 'press-01',
        fingerprint: first.fingerprint,
        source: 'initial',
        establishedBy: 'system',
      }),
    ]);
    expect(f.audit()).toMatchObject([
      {
        seq: 1,
        actor: 'system',
        action: 'baseline.initial',
        entityType: 'asset',
        entityId: 'plant-a/press-01',
      },
    ]);
    expect(f.records()).toEqual([]);
  });

  it('opens a drift record with field-level changes, and raises nothing more for the same state', () => {
    const first = pressWith();
    send(first);
    const changed = pressWith({ setpoint: 140 });
    send(changed);
    send(changed);
    expect(f.records()).toEqual([
      expect.objectContaining({
        siteId: 'plant-a',
        agentId: 'gw-01',
        assetId: 'press-01',
        kind: 'config',
        class: 'config',
        severity: 'medium',
        state: 'open',
        baselineFingerprint: first.fingerprint,
        currentFingerprint: changed.fingerprint,
        changes: [{ path: 'setpoints[0]', change: 'changed', before: 100, after: 140 }],
        changeClasses: [{ path: 'setpoints[0]', class: 'config', severity: 'medium' }],
        clearedAt: null,
      }),
    ]);
  });

  it('extends the undecided record with the latest difference from the baseline', () => {
    send(pressWith());
    send(pressWith({ setpoint: 140 }));
    send(pressWith({ setpoint: 150, mode: 'manual' }));
    const [record, ...others] = f.records();
    expect(others).toEqual([]);
    expect(record?.changes).toEqual([
      { path: 'mode', change: 'changed', before: 'auto', after: 'manual' },
      { path: 'setpoints[0]', change: 'changed', before: 100, after: 150 },
    ]);
  });

  it('marks an undecided record cleared when the asset returns to its baseline, and reopens it if it drifts again', () => {
    send(pressWith());
    send(pressWith({ setpoint: 140 }));
    send(pressWith());
    expect(f.records()).toMatchObject([{ state: 'open', clearedAt: expect.any(String) }]);
    send(pressWith({ setpoint: 140 }));
    expect(f.records()).toMatchObject([{ state: 'open', clearedAt: null }]);
  });

  it('classifies firmware, program and identity changes, with the record taking the most severe', () => {
    send(pressWith());
    send(pressWith({ firmware: '2.5.0', checksum: 999, serial: 'SN-2', setpoint: 1 }));
    const [record] = f.records();
    expect(record?.changeClasses).toEqual([
      { path: 'identity.firmware', class: 'firmware', severity: 'high' },
      { path: 'identity.serial', class: 'identity', severity: 'high' },
      { path: 'program_checksum', class: 'program', severity: 'critical' },
      { path: 'setpoints[0]', class: 'config', severity: 'medium' },
    ]);
    expect(record).toMatchObject({ class: 'program', severity: 'critical' });
  });

  it('uses the configured severity of each class', () => {
    f.services.settings.update({ severity: { config: 'critical' } }, 'alice');
    send(pressWith());
    send(pressWith({ setpoint: 7 }));
    expect(f.records()).toMatchObject([{ class: 'config', severity: 'critical' }]);
  });

  it('links the agent-reported change event to the record covering the same change', () => {
    const first = pressWith();
    const changed = pressWith({ setpoint: 140 });
    send(first);
    send(changed);
    seq += 1;
    f.ingest.ingest(
      driftMessage(
        { seq },
        { previousFingerprint: first.fingerprint ?? '', currentFingerprint: changed.fingerprint ?? '' },
      ),
    );
    const [record] = f.records();
    expect(f.services.drift.get(record?.id ?? 0).agentEvents).toMatchObject([{ seq }]);
  });
});
