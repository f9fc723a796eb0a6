import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGovernanceFixture,
  type GovernanceFixture,
  pressWith,
} from '../../testing/governance-fixture.ts';
import { inventoryMessage } from '../../testing/messages.ts';
import { auditRowHash, GENESIS_HASH } from './audit-chain.ts';

let f: GovernanceFixture;
let raw: Database.Database | undefined;
/** A second connection, as another program editing the file would use. */
const sqlite = () => {
  raw ??= new Database(f.database.file);
  return raw;
};

beforeEach(async () => {
  f = await createGovernanceFixture();
  f.ingest.ingest(inventoryMessage({ seq: 1 }, [pressWith()]));
  f.ingest.ingest(inventoryMessage({ seq: 2 }, [pressWith({ setpoint: 7 })]));
  const id = f.records()[0]?.id ?? 0;
  f.services.decisions.decide(id, { decision: 'approve', ticket: 'CHG-1', comment: 'fine' }, 'alice');
  f.services.settings.update({ unreachableAfterPolls: 4 }, 'bob');
});
afterEach(async () => {
  raw?.close();
  raw = undefined;
  await f.close();
});

describe('audit hash chain', () => {
  it('chains every entry to the one before it', () => {
    const rows = f.audit();
    expect(rows.map((row) => [row.seq, row.actor, row.action])).toEqual([
      [1, 'system', 'baseline.initial'],
      [2, 'alice', 'drift.approved'],
      [3, 'bob', 'settings.updated'],
    ]);
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    expect(rows[1]?.prevHash).toBe(rows[0]?.hash);
    for (const row of rows) expect(auditRowHash(row)).toBe(row.hash);
    expect(f.services.audit.verify()).toEqual({
      ok: true,
      rows: 3,
      head: { seq: 3, hash: rows[2]?.hash },
      problem: null,
    });
  });

  it('refuses UPDATE and DELETE on the audit log', () => {
    expect(() => sqlite().prepare(`update audit_log set actor = 'mallory' where seq = 2`).run()).toThrow(
      /append-only/,
    );
    expect(() => sqlite().prepare('delete from audit_log where seq = 2').run()).toThrow(/append-only/);
  });

  it('detects an edited entry, even with the triggers dropped', () => {
    sqlite().exec('drop trigger audit_log_no_update');
    sqlite().prepare(`update audit_log set details = replace(details, 'CHG-1', 'CHG-9') where seq = 2`).run();
    expect(f.services.audit.verify()).toMatchObject({
      ok: false,
      rows: 1,
      problem: { seq: 2, reason: 'its contents do not match its hash' },
    });
  });

  it('detects a re-hashed edit by the broken link to the next entry', () => {
    sqlite().exec('drop trigger audit_log_no_update');
    const row = f.audit()[1];
    if (!row) throw new Error('no row');
    const forged = { ...row, actor: 'mallory' };
    sqlite()
      .prepare('update audit_log set actor = ?, hash = ? where seq = 2')
      .run('mallory', auditRowHash(forged));
    expect(f.services.audit.verify().problem).toEqual({
      seq: 3,
      reason: 'its previous hash does not match the row before it',
    });
  });

  it('detects a deleted entry', () => {
    sqlite().exec('drop trigger audit_log_no_delete');
    sqlite().prepare('delete from audit_log where seq = 2').run();
    expect(f.services.audit.verify().problem).toEqual({ seq: 3, reason: 'row 2 is missing (next row is 3)' });
  });

  it('lists entries newest first, filtered, without secrets', () => {
    f.services.settings.update(
      {
        alerts: { webhooks: [{ id: 'soc', url: 'http://127.0.0.1:9/x', secret: 'do-not-log-this-secret' }] },
      },
      'bob',
    );
    const page = { limit: 10, offset: 0 };
    expect(f.services.audit.list({ actor: 'alice' }, page).items).toMatchObject([
      { action: 'drift.approved', details: { ticket: 'CHG-1', comment: 'fine' } },
    ]);
    expect(f.services.audit.list({}, page).items[0]).toMatchObject({
      action: 'settings.updated',
      actor: 'bob',
    });
    expect(JSON.stringify(f.audit())).not.toContain('do-not-log-this-secret');
  });
});
