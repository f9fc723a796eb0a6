import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConsole, issueApiToken } from '@plantwatch/console';
import { fingerprintState } from '@plantwatch/protocol';
import { canonicalJson, createLogger, sha256Hex } from '@plantwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../console/src/db/client.ts';
import { verifyAuditChain } from '../../../console/src/services/audit/audit-chain.ts';
import { canonical, iso } from './fast-format.ts';
import { type GenerateResult, generateFleet, type ScaleOptions } from './generate-fleet.ts';
import { rawSqlite } from './table-writer.ts';

const OPTIONS: ScaleOptions = {
  sites: 3,
  assets: 50,
  agentsPerSite: 2,
  days: 365,
  seed: 7,
  endMs: Date.parse('2026-03-01T00:00:00Z'),
};

describe('generateFleet at a tiny scale', () => {
  const dirs: string[] = [];
  let result: GenerateResult;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'plantwatch-scale-'));
    dirs.push(dataDir);
    result = generateFleet(dataDir, OPTIONS);
  });
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes the fleet asked for, with a year of history', () => {
    expect(result.counts).toMatchObject({ sites: 3, agents: 6, assets: 50, baselines: 50, review_items: 50 });
    expect(result.counts.drift_records).toBeGreaterThan(10);
    expect(result.counts.audit_log).toBeGreaterThan(100);
    expect(result.counts.config_versions).toBeGreaterThanOrEqual(50);
  });

  it('writes consistent rows: foreign keys, fingerprints, the audit chain, one undecided record per asset', () => {
    const handle = openDatabase(dataDir);
    try {
      const sqlite = rawSqlite(handle.db);
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
      expect(sqlite.pragma('quick_check', { simple: true })).toBe('ok');
      const versions = sqlite.prepare('select fingerprint, state from config_versions').all() as {
        fingerprint: string;
        state: string;
      }[];
      for (const { fingerprint, state } of versions) {
        expect(sha256Hex(state)).toBe(fingerprint);
        expect(fingerprintState(JSON.parse(state))).toBe(fingerprint);
      }
      const stale = sqlite
        .prepare(`select count(*) as n from assets a where a.fingerprint != (
            select fingerprint from asset_versions v where v.site_id = a.site_id and v.asset_id = a.asset_id
            order by v.id desc limit 1)`)
        .get() as { n: number };
      expect(stale.n).toBe(0);
      const doubled = sqlite
        .prepare(`select count(*) as n from (select site_id, asset_id from drift_records
            where kind = 'config' and state in ('open', 'planned') group by 1, 2 having count(*) > 1)`)
        .get() as { n: number };
      expect(doubled.n).toBe(0);
      expect(verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: result.counts.audit_log });
    } finally {
      handle.close();
    }
  });

  it("is read by the console's pages and API without errors", async () => {
    const token = issueApiToken(dataDir, { name: 'scale-test', role: 'viewer' });
    const console_ = await createConsole({
      dataDir,
      http: { port: 0 },
      mqtt: { mode: 'embedded', port: 0 },
      logger: createLogger({ name: 'console', level: 'silent' }),
    });
    try {
      const get = async (url: string) => {
        const response = await fetch(`${console_.httpUrl}${url}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        expect(response.status, url).toBe(200);
        return response;
      };
      const json = async <T>(url: string) => (await (await get(url)).json()) as T;
      const assets = await json<{ total: number; items: { siteId: string; assetId: string }[] }>(
        '/api/v1/assets?limit=100',
      );
      expect(assets.total).toBe(50);
      const records = await json<{ total: number; items: { id: number }[] }>(
        '/api/v1/drift-records?limit=500',
      );
      expect(records.total).toBe(result.counts.drift_records);
      const open = await json<{ total: number }>('/api/v1/drift-records?state=open,planned');
      expect(open.total).toBeGreaterThan(0);
      const pages = [
        '/',
        '/sites/site-001',
        '/inventory?vendor=Siemens',
        '/drift',
        '/drift?state=open',
        '/review',
      ];
      for (const asset of assets.items.slice(0, 10))
        pages.push(`/sites/${asset.siteId}/assets/${asset.assetId}`);
      for (const record of records.items.slice(0, 10)) pages.push(`/drift/${record.id}`);
      for (const page of pages) await (await get(page)).text();
    } finally {
      await console_.close();
    }
  });

  it('gives the same database for the same seed', async () => {
    const again = await mkdtemp(path.join(tmpdir(), 'plantwatch-scale-'));
    dirs.push(again);
    const second = generateFleet(again, OPTIONS);
    expect(second.counts).toEqual(result.counts);
    // The last row the generator wrote (the console appends its own once it runs on a database).
    const head = (dir: string) => {
      const handle = openDatabase(dir);
      try {
        return rawSqlite(handle.db)
          .prepare('select hash from audit_log where seq = ?')
          .get(result.counts.audit_log);
      } finally {
        handle.close();
      }
    };
    expect(head(again)).toEqual(head(dataDir));
  });
});

describe('the fast formatters', () => {
  it('match toISOString and canonicalJson', () => {
    for (let i = 0; i < 2_000; i += 1) {
      const ms = Date.parse('2025-01-01T00:00:00Z') + Math.floor(Math.random() * 5e10);
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }
    const value = {
      b: [1, -0, 'x"y', null, true, { z: 1, a: [] }],
      a: { é: 2.5, A: undefined, c: 'line\nbreak' },
    };
    expect(canonical(value)).toBe(canonicalJson(value));
  });
});
