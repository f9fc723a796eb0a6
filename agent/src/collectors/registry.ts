import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { modbusCollector, modbusTargetSchema } from './modbus/index.ts';
import { opcuaCollector, opcuaTargetSchema } from './opcua/index.ts';
import { snmpCollector, snmpTargetSchema } from './snmp/index.ts';
import type { Collector, TargetBase } from './types.ts';

/**
 * The one registry of collectors. Adding a protocol adds its folder and one entry here (and one
 * schema in the union below, which zod needs spelled out to name the failing path in errors).
 */
export const targetSchema = z.discriminatedUnion('protocol', [
  modbusTargetSchema,
  snmpTargetSchema,
  opcuaTargetSchema,
]);
export type TargetConfig = z.infer<typeof targetSchema>;

const COLLECTORS: { [P in TargetConfig['protocol']]: Collector<Extract<TargetConfig, { protocol: P }>> } = {
  modbus: modbusCollector,
  snmp: snmpCollector,
  opcua: opcuaCollector,
};

/** The sample target config each collector ships (YAML, a list of targets), by protocol. */
export const SAMPLE_CONFIG_FILES: { [P in TargetConfig['protocol']]: string } = {
  modbus: fileURLToPath(new URL('./modbus/sample.yaml', import.meta.url)),
  snmp: fileURLToPath(new URL('./snmp/sample.yaml', import.meta.url)),
  opcua: fileURLToPath(new URL('./opcua/sample.yaml', import.meta.url)),
};

/**
 * The first target of a collector's shipped sample config, as plain data: the demo, tests and
 * benchmarks start from it, so the documented config is the one that gets exercised.
 */
export async function loadSampleTarget(protocol: TargetConfig['protocol']): Promise<Record<string, unknown>> {
  const [first] = parseYaml(await readFile(SAMPLE_CONFIG_FILES[protocol], 'utf8')) as Record<
    string,
    unknown
  >[];
  if (!first) throw new Error(`${SAMPLE_CONFIG_FILES[protocol]} has no target`);
  return first;
}

export function collectorFor<T extends TargetConfig>(target: T): Collector<TargetBase & T> {
  return COLLECTORS[target.protocol] as unknown as Collector<TargetBase & T>;
}
