import { createRequire } from 'node:module';
import type { Sqlite } from './table-writer.ts';

type Statement = ReturnType<Sqlite['prepare']>;
type SqliteConstructor = new (
  file: string,
  options?: { readonly?: boolean; fileMustExist?: boolean },
) => Sqlite;

// The console's own copy of better-sqlite3: its statements are the ones to time.
const requireFromConsole = createRequire(
  createRequire(import.meta.url).resolve('@plantwatch/console/package.json'),
);
const Database = requireFromConsole('better-sqlite3') as SqliteConstructor;

export interface StatementTiming {
  sql: string;
  calls: number;
  totalMs: number;
  maxMs: number;
  /** The parameters of the slowest call, to explain its plan. */
  params: unknown[];
}

export interface QueryProfile {
  /** The statements run since the last call, slowest in total first. */
  take(): StatementTiming[];
  stop(): void;
}

const METHODS = ['all', 'get', 'run'] as const;

/**
 * Times every SQLite statement this process runs (the statements of an in-process console), by
 * wrapping better-sqlite3's statement methods. Only for analysis: the wrapper costs a little on
 * every call.
 */
export function startQueryProfile(): QueryProfile {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  let timings = new Map<string, StatementTiming>();
  const originals = METHODS.map((name) => [name, proto[name]] as const);
  for (const [name, original] of originals) {
    proto[name] = function timed(this: Statement, ...params: unknown[]) {
      const started = performance.now();
      try {
        return (original as (...args: unknown[]) => unknown).apply(this, params);
      } finally {
        const ms = performance.now() - started;
        let timing = timings.get(this.source);
        if (!timing) {
          timing = { sql: this.source, calls: 0, totalMs: 0, maxMs: 0, params };
          timings.set(this.source, timing);
        }
        timing.calls += 1;
        timing.totalMs += ms;
        if (ms >= timing.maxMs) {
          timing.maxMs = ms;
          timing.params = params;
        }
      }
    };
  }
  return {
    take() {
      const taken = [...timings.values()].sort((a, b) => b.totalMs - a.totalMs);
      timings = new Map();
      return taken;
    },
    stop() {
      for (const [name, original] of originals) proto[name] = original;
    },
  };
}

/** `EXPLAIN QUERY PLAN` of a statement with its parameters, one line per plan step. */
export function explainQueryPlan(file: string, timing: StatementTiming): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`explain query plan ${timing.sql}`).all(...timing.params) as {
      id: number;
      parent: number;
      detail: string;
    }[];
    const depth = new Map<number, number>([[0, -1]]);
    return rows.map((row) => {
      const level = (depth.get(row.parent) ?? -1) + 1;
      depth.set(row.id, level);
      return `${'  '.repeat(level)}${row.detail}`;
    });
  } finally {
    db.close();
  }
}
