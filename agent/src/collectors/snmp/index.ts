/** SNMP collector: v1, v2c and v3 reads (Get, GetNext, GetBulk) of a switch's identity, ports and neighbours. */
export { snmpCollector } from './collector.ts';
export { type SnmpTargetConfig, snmpTargetSchema } from './config.ts';
