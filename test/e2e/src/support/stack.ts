import path from 'node:path';
import {
  type Agent,
  type AgentConfig,
  createAgent,
  loadSampleTarget,
  parseAgentConfig,
} from '@plantwatch/agent';
import { type ConsoleHandle, createConsole } from '@plantwatch/console';
import { createLogger, type Logger } from '@plantwatch/shared';
import type { ModbusSimulator } from '@plantwatch/simulators';

export const quietLogger: Logger = createLogger({
  name: 'e2e',
  level: process.env.PLANTWATCH_LOG_LEVEL ?? 'silent',
});

/** The Modbus sample target the agent ships, pointed at a simulator (its layout matches plcProfile). */
export async function sampleTarget(
  id: string,
  simulator: ModbusSimulator,
  overrides: Record<string, unknown> = {},
) {
  const sample = await loadSampleTarget('modbus');
  return {
    ...sample,
    id,
    host: simulator.host,
    port: simulator.port,
    pollIntervalMs: 1_000,
    timeoutMs: 1_000,
    ...overrides,
  };
}

export function agentConfig(options: {
  siteId: string;
  agentId: string;
  mqttUrl: string;
  dataDir: string;
  targets: unknown[];
}): AgentConfig {
  return parseAgentConfig({
    siteId: options.siteId,
    agentId: options.agentId,
    dataDir: path.join(options.dataDir, `agent-${options.agentId}`),
    mqtt: { url: options.mqttUrl },
    targets: options.targets,
  });
}

export async function startConsole(dataDir: string, mqttUrl?: string): Promise<ConsoleHandle> {
  return createConsole({
    dataDir: path.join(dataDir, 'console'),
    http: { host: '127.0.0.1', port: 0 },
    mqtt: mqttUrl ? { mode: 'external', url: mqttUrl } : { mode: 'embedded', host: '127.0.0.1', port: 0 },
    logger: quietLogger,
  });
}

export function startAgent(config: AgentConfig): Agent {
  const agent = createAgent(config, quietLogger);
  agent.start();
  return agent;
}
