import type Database from 'better-sqlite3';

/** Enough for every query shape the console builds; lists of varying length may evict each other. */
const DEFAULT_CAPACITY = 500;

/**
 * Makes `sqlite.prepare` reuse compiled statements, keyed by their SQL text.
 *
 * Drizzle prepares a new better-sqlite3 statement every time a query builder runs, and compiling
 * SQL was the largest single cost of ingesting a message (about an eighth of its CPU). The same
 * few dozen statements run for every message, so they are compiled once and kept (least recently
 * used ones are dropped past `capacity`).
 *
 * A statement's raw mode is per statement and drizzle only ever switches it on (for rows mapped
 * from arrays), so a reused statement is put back to object rows before it is handed out.
 * Statements are never iterated by the console, so one statement is never busy when reused.
 */
export function cacheStatements(sqlite: Database.Database, capacity = DEFAULT_CAPACITY): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached) {
      // Refresh its place in the eviction order: Map iterates in insertion order.
      cache.delete(source);
      cache.set(source, cached);
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const statement = prepare(source);
    cache.set(source, statement);
    if (cache.size > capacity) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return statement;
  }) as Database.Database['prepare'];
}
