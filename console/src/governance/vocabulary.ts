/**
 * The words of drift governance, shared by the database schema, the services and the routes
 * (which must not import the database layer to learn them).
 */

/**
 * What a drift record is about. `config` records come from comparing a snapshot with the asset's
 * baseline; `network` from hosts a switch newly reports; the others from poll outcomes and status.
 */
export const DRIFT_KINDS = ['config', 'network', 'unreachable', 'agent_offline', 'asset_appeared'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** The class of one change; a record's class is that of its most severe change. */
export const DRIFT_CLASSES = [
  'firmware',
  'program',
  'config',
  'identity',
  'network',
  'asset_appeared',
  'unreachable',
  'agent_offline',
] as const;
export type DriftClass = (typeof DRIFT_CLASSES)[number];

/** Ordered from least to most severe. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * `open` and `planned` wait for a person (`planned`: detected inside a change window). `approved`
 * is final; `unauthorized` is an incident that stays flagged until `resolved` with a note.
 */
export const DRIFT_RECORD_STATES = ['open', 'planned', 'approved', 'unauthorized', 'resolved'] as const;
export type DriftRecordState = (typeof DRIFT_RECORD_STATES)[number];

/** States in which a record still waits for a decision. */
export const UNDECIDED_STATES: readonly DriftRecordState[] = ['open', 'planned'];

export const DECISIONS = ['approve', 'unauthorized'] as const;
export type Decision = (typeof DECISIONS)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The severities at or above `minimum`, for SQL `IN` filters. */
export function severitiesAtLeast(minimum: Severity): Severity[] {
  return SEVERITIES.slice(severityRank(minimum));
}

export function maxSeverity(severities: Iterable<Severity>): Severity {
  let max: Severity = 'low';
  for (const severity of severities) if (severityRank(severity) > severityRank(max)) max = severity;
  return max;
}

/** Where an ignore rule applies: everywhere, one site, one asset, or every asset of one model. */
export const IGNORE_SCOPES = ['global', 'site', 'asset', 'model'] as const;
export type IgnoreScope = (typeof IGNORE_SCOPES)[number];

/** Where a review-queue entry came from: a polled target, or a host a switch reported. */
export const REVIEW_ORIGINS = ['polled', 'discovered'] as const;
export type ReviewOrigin = (typeof REVIEW_ORIGINS)[number];

export const REVIEW_STATUSES = ['pending', 'accepted', 'ignored'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** What can have an owner: polled assets, agents, and discovered hosts accepted into the inventory. */
export const OWNED_TYPES = ['asset', 'agent', 'host'] as const;
export type OwnedType = (typeof OWNED_TYPES)[number];
