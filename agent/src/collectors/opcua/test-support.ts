import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@plantwatch/shared';
import type { OpcuaSimulator } from '@plantwatch/simulators/opcua';
import { parse as parseYaml } from 'yaml';
import { createDevicePacer, createRequestGate } from '../../poller/request-gate.ts';
import { opcuaCollector } from './collector.ts';
import { type OpcuaTargetConfig, opcuaTargetSchema } from './config.ts';

/** Helpers shared by the OPC UA collector tests (not shipped code: only tests import it). */
export const SAMPLE_FILE = fileURLToPath(new URL('./sample.yaml', import.meta.url));

const logger = createLogger({ name: 'test', level: 'silent' });

/** The shipped sample, pointed at the simulator: security None, anonymous, no configured nodes. */
export async function sampleTarget(
  sim: Pick<OpcuaSimulator, 'host' | 'port'>,
  pkiDir: string,
  overrides: Record<string, unknown> = {},
): Promise<OpcuaTargetConfig> {
  const [sample] = parseYaml(await readFile(SAMPLE_FILE, 'utf8')) as Record<string, unknown>[];
  return opcuaTargetSchema.parse({
    ...sample,
    host: sim.host,
    port: sim.port,
    timeoutMs: 2_000,
    securityMode: 'none',
    securityPolicy: undefined,
    identity: { type: 'anonymous' },
    pkiDir,
    nodes: [],
    ...overrides,
  });
}

/** One poll with a real gate (no pacing): what was read and the transcript the gate recorded. */
export async function poll(target: OpcuaTargetConfig) {
  const signal = new AbortController().signal;
  const gate = createRequestGate({ deviceKey: 'sim', minGapMs: 0, pacer: createDevicePacer(), signal });
  const context = { logger, signal, gate, previous: undefined };
  try {
    const reading = await opcuaCollector.collect(target, context);
    return { reading, transcript: [...gate.requests] };
  } catch (error) {
    Object.assign(error as object, { transcript: [...gate.requests] });
    throw error;
  }
}

/** The value at `path` in a reading. */
export function valueAt(
  reading: { values: readonly { path: string; value: unknown }[] },
  path: string,
): unknown {
  return reading.values.find((value) => value.path === path)?.value;
}
