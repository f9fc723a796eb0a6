/** The agent's version, reported in its status messages. */
export const AGENT_VERSION = '0.1.0';
