import { PlantwatchError } from '@plantwatch/shared';
import { count, desc, eq } from 'drizzle-orm';
import type { ConsoleDatabase, Tx } from '../../db/client.ts';
import { ignoreRules, ignoreRuleVersions } from '../../db/schema/index.ts';
import type { IgnoreRuleInput } from '../../governance/inputs.ts';
import { appendAudit } from '../audit/audit-chain.ts';
import { reading } from '../query-errors.ts';
import { isoUtc } from '../time.ts';
import type { Page, PageRequest } from '../views.ts';

export type IgnoreRuleView = typeof ignoreRules.$inferSelect;
export type IgnoreRuleVersionView = typeof ignoreRuleVersions.$inferSelect;

export interface IgnoreRuleService {
  /** Newest first. */
  list(filter: { enabled?: boolean | undefined }, page: PageRequest): Page<IgnoreRuleView>;
  /** The rule with every saved version, newest first. Throws `not_found`. */
  get(id: number): IgnoreRuleView & { versions: IgnoreRuleVersionView[] };
  create(input: IgnoreRuleInput, actor: string): IgnoreRuleView;
  /** Saves a new version of the rule (its whole content). */
  update(id: number, input: IgnoreRuleInput, actor: string): IgnoreRuleView;
  setEnabled(id: number, enabled: boolean, actor: string): IgnoreRuleView;
}

/**
 * Noise filters, versioned and audited: every save writes a version row and an audit entry in the
 * same transaction. Rules apply to drift found after they change; existing records keep theirs.
 */
export function createIgnoreRuleService(
  db: ConsoleDatabase,
  options: { now: () => Date; onChange: () => void },
): IgnoreRuleService {
  function save(tx: Tx, rule: IgnoreRuleView, actor: string, action: string, at: string): void {
    const { id, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, ...content } = rule;
    tx.insert(ignoreRuleVersions)
      .values({ ruleId: id, ...content, savedAt: at, savedBy: actor })
      .run();
    appendAudit(tx, { actor, action, entityType: 'ignore_rule', entityId: String(id), details: content }, at);
  }

  function current(id: number): IgnoreRuleView {
    const rule = reading(`ignore rule ${id}`, () =>
      db.select().from(ignoreRules).where(eq(ignoreRules.id, id)).get(),
    );
    if (!rule) throw new PlantwatchError('not_found', `no ignore rule ${id}`);
    return rule;
  }

  function change(id: number, content: IgnoreRuleInput, actor: string, action: string): IgnoreRuleView {
    const before = current(id);
    const at = isoUtc(options.now());
    const rule = db.transaction((tx) => {
      const updated = tx
        .update(ignoreRules)
        .set({ ...content, version: before.version + 1, updatedAt: at, updatedBy: actor })
        .where(eq(ignoreRules.id, id))
        .returning()
        .get();
      save(tx, updated, actor, action, at);
      return updated;
    });
    options.onChange();
    return rule;
  }

  return {
    list(filter, page) {
      return reading('ignore rules', () => {
        const where = filter.enabled === undefined ? undefined : eq(ignoreRules.enabled, filter.enabled);
        const items = db
          .select()
          .from(ignoreRules)
          .where(where)
          .orderBy(desc(ignoreRules.id))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        return {
          items,
          total: db.select({ total: count() }).from(ignoreRules).where(where).get()?.total ?? 0,
        };
      });
    },

    get(id) {
      const rule = current(id);
      const versions = reading(`ignore rule ${id}`, () =>
        db
          .select()
          .from(ignoreRuleVersions)
          .where(eq(ignoreRuleVersions.ruleId, id))
          .orderBy(desc(ignoreRuleVersions.version))
          .all(),
      );
      return { ...rule, versions };
    },

    create(input, actor) {
      const at = isoUtc(options.now());
      const rule = db.transaction((tx) => {
        const created = tx
          .insert(ignoreRules)
          .values({ ...input, version: 1, createdAt: at, createdBy: actor, updatedAt: at, updatedBy: actor })
          .returning()
          .get();
        save(tx, created, actor, 'ignore_rule.created', at);
        return created;
      });
      options.onChange();
      return rule;
    },

    update(id, input, actor) {
      return change(id, input, actor, 'ignore_rule.updated');
    },

    setEnabled(id, enabled, actor) {
      const { scope, siteId, assetId, model, pathPattern, reason } = current(id);
      const content = { scope, siteId, assetId, model, pathPattern, reason, enabled };
      return change(id, content, actor, enabled ? 'ignore_rule.enabled' : 'ignore_rule.disabled');
    },
  };
}
