import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheStatements } from './statement-cache.ts';

let sqlite: Database.Database;
afterEach(() => sqlite.close());

function open(capacity?: number): Database.Database {
  sqlite = new Database(':memory:');
  sqlite.exec("create table t (a integer, b text); insert into t values (1, 'x')");
  cacheStatements(sqlite, capacity);
  return sqlite;
}

describe('cacheStatements', () => {
  it('hands out the same statement for the same SQL', () => {
    const db = open();
    expect(db.prepare('select a from t')).toBe(db.prepare('select a from t'));
  });

  it('puts a reused statement back to object rows after raw use', () => {
    const db = open();
    expect(db.prepare('select a, b from t').raw().get()).toEqual([1, 'x']);
    expect(db.prepare('select a, b from t').get()).toEqual({ a: 1, b: 'x' });
  });

  it('reuses statements that return no data', () => {
    const db = open();
    db.prepare('insert into t values (?, ?)').run(2, 'y');
    db.prepare('insert into t values (?, ?)').run(3, 'z');
    expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 3 });
  });

  it('drops the least recently used statement past its capacity', () => {
    const db = open(2);
    const first = db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 1');
    db.prepare('select 3');
    expect(db.prepare('select 1')).toBe(first);
    expect(db.prepare('select 2')).not.toBe(db.prepare('select 3'));
  });
});
