/**
 * @plantwatch/agent runs on a plant gateway. It polls PLCs and switches with read requests only,
 * builds an inventory and a fingerprint of each device's configuration, detects drift against the
 * last snapshot it saw, and publishes inventory and drift to the console over MQTT. It never
 * imports the console; the protocol package is the whole contract between them.
 */
export { type Agent, createAgent } from './agent.ts';
export {
  collectorFor,
  loadSampleTarget,
  SAMPLE_CONFIG_FILES,
  type TargetConfig,
  targetSchema,
} from './collectors/registry.ts';
export {
  type AgentConfig,
  agentConfigSchema,
  loadAgentConfig,
  parseAgentConfig,
} from './config/agent-config.ts';
export { type EnrollOptions, type EnrollResult, enrollAgent } from './identity/enroll.ts';
export { formatInventoryTable } from './output/inventory-table.ts';
export { planTargets, scanTargets } from './scan.ts';
export { AGENT_VERSION } from './version.ts';
