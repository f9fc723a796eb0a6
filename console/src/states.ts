/**
 * The states the console gives agents and drift events, shared by the database schema, the
 * services and the routes (which must not import the database layer to learn them).
 */

/** `unknown` until the agent's first status message: inventory alone does not say it is online. */
export const AGENT_STATES = ['unknown', 'online', 'offline'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** Only `open` exists for now; the column is there so that acknowledging drift is a data change. */
export const DRIFT_STATES = ['open'] as const;
export type DriftState = (typeof DRIFT_STATES)[number];
