import { formatIssues } from '@plantwatch/protocol';
import { PlantwatchError } from '@plantwatch/shared';
import type { ConsoleDatabase } from '../../db/client.ts';
import { settings as settingsTable } from '../../db/schema/index.ts';
import {
  mergeSettings,
  type RedactedSettings,
  redactSettings,
  SETTINGS_KEYS,
  type Settings,
  settingsSchema,
} from '../../governance/settings.ts';
import { appendAudit } from '../audit/audit-chain.ts';
import { reading } from '../query-errors.ts';
import { isoUtc } from '../time.ts';

export interface SettingsService {
  /** The current settings, from memory: ingest reads them for every message. */
  current(): Settings;
  redacted(): RedactedSettings;
  /** Merges a partial update (see mergeSettings), validates the whole, stores and audits it. */
  update(update: unknown, actor: string): RedactedSettings;
}

/**
 * Loads the stored settings (defaults fill what was never set) and keeps them in memory. One
 * console process owns the database, so the copy in memory is the truth after each update.
 */
export function createSettingsService(
  db: ConsoleDatabase,
  now: () => Date = () => new Date(),
): SettingsService {
  let cached = load(db);

  return {
    current: () => cached,
    redacted: () => redactSettings(cached),
    update(update, actor) {
      const parsed = settingsSchema.safeParse(mergeSettings(cached, update));
      if (!parsed.success) {
        throw new PlantwatchError(
          'invalid_argument',
          `settings: ${formatIssues(parsed.error, 5).join('; ')}`,
        );
      }
      const next = parsed.data;
      const changed = SETTINGS_KEYS.filter(
        (key) => JSON.stringify(next[key]) !== JSON.stringify(cached[key]),
      );
      if (changed.length === 0) return redactSettings(cached);
      const at = isoUtc(now());
      db.transaction((tx) => {
        for (const key of changed) {
          tx.insert(settingsTable)
            .values({ key, value: next[key], updatedAt: at, updatedBy: actor })
            .onConflictDoUpdate({
              target: settingsTable.key,
              set: { value: next[key], updatedAt: at, updatedBy: actor },
            })
            .run();
        }
        // Secrets never enter the audit log: it is exported and read by many.
        const shown = redactSettings(next);
        const before = redactSettings(cached);
        appendAudit(
          tx,
          {
            actor,
            action: 'settings.updated',
            entityType: 'settings',
            entityId: changed.join(','),
            details: {
              before: Object.fromEntries(changed.map((key) => [key, before[key]])),
              after: Object.fromEntries(changed.map((key) => [key, shown[key]])),
            },
          },
          at,
        );
      });
      cached = next;
      return redactSettings(cached);
    },
  };
}

function load(db: ConsoleDatabase): Settings {
  const rows = reading('settings', () => db.select().from(settingsTable).all());
  const stored = Object.fromEntries(
    rows.filter((row) => (SETTINGS_KEYS as string[]).includes(row.key)).map((row) => [row.key, row.value]),
  );
  const parsed = settingsSchema.safeParse(stored);
  if (!parsed.success) {
    // Only a hand-edited database gets here: refuse to start rather than guess.
    throw new PlantwatchError(
      'invalid_config',
      `stored settings are not valid: ${formatIssues(parsed.error, 5).join('; ')}`,
    );
  }
  return parsed.data;
}
