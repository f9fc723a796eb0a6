import { eq } from 'drizzle-orm';
import type { ConsoleDatabase } from '../../db/client.ts';
import { ignoreRules } from '../../db/schema/index.ts';
import { type CompiledIgnoreRule, compileIgnoreRule } from '../../governance/ignore-match.ts';
import type { ChangeWindowLookup } from './change-window-lookup.ts';
import type { GovernanceContext, GovernanceSignals } from './governance-context.ts';
import type { SettingsService } from './settings-service.ts';

export interface GovernanceContextHandle extends GovernanceContext {
  /** Drops the cached ignore rules; the next evaluation reloads them. */
  invalidateIgnoreRules(): void;
}

export function createGovernanceContext(options: {
  db: ConsoleDatabase;
  settings: SettingsService;
  windows: ChangeWindowLookup;
  signals: GovernanceSignals;
}): GovernanceContextHandle {
  let rules: CompiledIgnoreRule[] | undefined;
  return {
    settings: () => options.settings.current(),
    ignoreRules(tx) {
      rules ??= tx
        .select({
          id: ignoreRules.id,
          scope: ignoreRules.scope,
          siteId: ignoreRules.siteId,
          assetId: ignoreRules.assetId,
          model: ignoreRules.model,
          pathPattern: ignoreRules.pathPattern,
        })
        .from(ignoreRules)
        .where(eq(ignoreRules.enabled, true))
        .all()
        .map(compileIgnoreRule);
      return rules;
    },
    invalidateIgnoreRules() {
      rules = undefined;
    },
    changeWindowFor: (tx, siteId, assetId, at) => options.windows.covering(tx, siteId, assetId, at),
    signals: options.signals,
  };
}
