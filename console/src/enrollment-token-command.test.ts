import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEnrollmentTokenArgs } from './cli-enrollment-args.ts';
import { openDatabase } from './db/client.ts';
import { auditLog, enrollmentTokens } from './db/schema/index.ts';
import { createTempDir } from './testing/temp-dir.ts';

const BIN = fileURLToPath(new URL('../bin/plantwatch-console.js', import.meta.url));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('enrollment-token arguments', () => {
  it('reads site, owner, purpose and ttl', () => {
    expect(
      parseEnrollmentTokenArgs([
        'create',
        '--site',
        'plant-a',
        '--owner',
        'OT team',
        '--purpose',
        'line 3',
        '--ttl-minutes',
        '15',
        '--data-dir',
        '/var/lib/pw',
      ]),
    ).toEqual({
      kind: 'enrollment-token-create',
      dataDir: '/var/lib/pw',
      input: { siteId: 'plant-a', owner: 'OT team', purpose: 'line 3', ttlMinutes: 15 },
    });
  });

  it('names the option that is missing or wrong', () => {
    expect(() => parseEnrollmentTokenArgs(['create', '--site', 'a', '--owner', 'o'])).toThrow(
      '--purpose is required',
    );
    expect(() =>
      parseEnrollmentTokenArgs([
        'create',
        '--site',
        'a/b',
        '--owner',
        'o',
        '--purpose',
        'p',
        '--ttl-minutes',
        '0',
      ]),
    ).toThrow(/--site: .*; --ttl-minutes: /);
    expect(() => parseEnrollmentTokenArgs(['delete'])).toThrow(/unknown enrollment-token command/);
  });
});

describe('plantwatch-console enrollment-token create', () => {
  it('prints a token that the database knows only by its hash, audited as the CLI user', async () => {
    const temp = await createTempDir();
    try {
      const result = await run([
        'enrollment-token',
        'create',
        '--data-dir',
        temp.dir,
        '--site',
        'plant-a',
        '--owner',
        'OT team',
        '--purpose',
        'line 3',
      ]);
      expect(result.stderr).toContain('usable once');
      expect(result.code).toBe(0);
      const token = result.stdout.trim();
      expect(token).toMatch(/^pwenroll_/);
      const database = openDatabase(temp.dir);
      try {
        const [row] = database.db.select().from(enrollmentTokens).all();
        expect(row).toMatchObject({ siteId: 'plant-a', owner: 'OT team', usedAt: null });
        expect(row?.tokenHash).not.toBe(token);
        const audit = database.db.select().from(auditLog).all();
        expect(audit.at(-1)).toMatchObject({ action: 'enrollment_token.created' });
        expect(audit.at(-1)?.actor).toMatch(/^cli:/);
      } finally {
        database.close();
      }
    } finally {
      await temp.remove();
    }
  });

  it('exits 2 with the problem on a usage mistake', async () => {
    const result = await run(['enrollment-token', 'create', '--site', 'plant-a']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--owner is required');
  });
});
