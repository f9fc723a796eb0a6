import type { ValueChange } from '@plantwatch/protocol';
import { compilePathPattern } from './path-pattern.ts';
import type { IgnoreScope } from './vocabulary.ts';

export interface IgnoreRuleSpec {
  id: number;
  scope: IgnoreScope;
  siteId: string | null;
  assetId: string | null;
  model: string | null;
  pathPattern: string;
}

export interface CompiledIgnoreRule extends IgnoreRuleSpec {
  matches(path: string): boolean;
}

/** What a rule is matched against: the asset and its model (`identity.model`, else product code). */
export interface IgnoreTarget {
  siteId: string;
  assetId: string;
  model: string | undefined;
}

export function compileIgnoreRule(rule: IgnoreRuleSpec): CompiledIgnoreRule {
  const pattern = compilePathPattern(rule.pathPattern);
  return { ...rule, matches: (path) => pattern.test(path) };
}

function applies(rule: CompiledIgnoreRule, target: IgnoreTarget): boolean {
  switch (rule.scope) {
    case 'global':
      return true;
    case 'site':
      return rule.siteId === target.siteId;
    case 'asset':
      return rule.siteId === target.siteId && rule.assetId === target.assetId;
    case 'model':
      return target.model !== undefined && rule.model === target.model;
  }
}

/** Splits changes into those that count and those an enabled rule filters out (with the rule). */
export function applyIgnoreRules(
  changes: readonly ValueChange[],
  rules: readonly CompiledIgnoreRule[],
  target: IgnoreTarget,
): { kept: ValueChange[]; ignored: (ValueChange & { ruleId: number })[] } {
  const relevant = rules.filter((rule) => applies(rule, target));
  const kept: ValueChange[] = [];
  const ignored: (ValueChange & { ruleId: number })[] = [];
  for (const change of changes) {
    const rule = relevant.find((candidate) => candidate.matches(change.path));
    if (rule) ignored.push({ ...change, ruleId: rule.id });
    else kept.push(change);
  }
  return { kept, ignored };
}
