/**
 * The states the console gives agents and drift events, shared by the database schema, the
 * services and the routes (which must not import the database layer to learn them).
 */

/** `unknown` until the agent's first status message: inventory alone does not say it is online. */
export const AGENT_STATES = ['unknown', 'online', 'offline'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/**
 * The state of an agent-reported change event: always `open`. Decisions are made on the console's
 * drift records (governance/vocabulary.ts), which link to these events.
 */
export const DRIFT_STATES = ['open'] as const;
export type DriftState = (typeof DRIFT_STATES)[number];
