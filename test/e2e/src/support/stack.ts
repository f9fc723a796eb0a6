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
import { registerConsole } from './http.ts';

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
  const consoleDir = path.join(dataDir, 'console');
  const handle = await createConsole({
    dataDir: consoleDir,
    http: { host: '127.0.0.1', port: 0 },
    // Development mode: these agents are not enrolled and speak plain MQTT (the enrollment suites
    // enroll theirs, over TLS).
    mqtt: mqttUrl
      ? { mode: 'external', url: mqttUrl, allowUnsignedAgents: true }
      : { mode: 'embedded', host: '127.0.0.1', port: 0, allowAnonymousAgents: true, insecureTcp: true },
    logger: quietLogger,
  });
  registerConsole(handle.httpUrl, consoleDir);
  return handle;
}

export function startAgent(config: AgentConfig): Agent {
  const agent = createAgent(config, quietLogger);
  agent.start();
  return agent;
}
