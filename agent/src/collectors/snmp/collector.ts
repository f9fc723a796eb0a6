import { type Identity, LIMITS, type Link } from '@plantwatch/protocol';
import type { Collector, Reading } from '../types.ts';
import type { SnmpTargetConfig } from './config.ts';
import { resolveCredentials } from './credentials.ts';
import { planRequests } from './plan.ts';
import { readArp } from './read-arp.ts';
import { readEntities } from './read-entity.ts';
import { readBridgePorts, readForwarding } from './read-forwarding.ts';
import { type PortNames, readInterfaces } from './read-interfaces.ts';
import { readLldp } from './read-lldp.ts';
import { connectSnmpReader } from './read-only-client.ts';
import { readConfigHistory, readSystem } from './read-system.ts';
import { createValueList } from './value-list.ts';

/**
 * The SNMP collector: a switch's identity, settings and ports as values, and the hosts it sees
 * (LLDP neighbours, forwarding and ARP entries) as links. Reads follow plan.ts, one request at a
 * time through the gate. A table longer than maxRowsPerTable is cut and reported, not failed.
 */
export const snmpCollector: Collector<SnmpTargetConfig> = {
  plan: planRequests,

  async collect(target, { logger, gate, signal, previous }) {
    const credentials = resolveCredentials(target);
    const reader = connectSnmpReader({
      host: target.host,
      port: target.port,
      timeoutMs: target.timeoutMs,
      credentials,
      maxRepetitions: target.maxRepetitions,
      gate,
      signal,
    });
    const { walks, maxRowsPerTable: maxRows } = target;
    const list = createValueList();
    const truncatedTables: string[] = [];
    const note = <T extends { truncated: boolean }>(table: string, result: T): T => {
      if (result.truncated) truncatedTables.push(table);
      return result;
    };
    try {
      let identity: Identity = {};
      if (walks.system) {
        identity = await readSystem(reader, list, {
          previous: previous?.['system.bootTime'],
          toleranceMs: target.bootTimeToleranceMs,
        });
      }
      if (walks.configHistory) await readConfigHistory(reader, list);
      if (walks.entity) {
        const entity = note('entPhysicalTable', await readEntities(reader, list, maxRows));
        // ENTITY-MIB names the hardware better than sysObjectID's enterprise number does.
        identity = { ...identity, ...entity.identity };
      }
      let ports: PortNames = new Map();
      if (walks.interfaces) ports = note('ifTable', await readInterfaces(reader, list, maxRows)).ports;
      const links: Link[] = [];
      const linkOptions = { maxRows, ports, bridgePorts: new Map<number, number>() };
      if (walks.lldp || walks.fdb) {
        linkOptions.bridgePorts = note(
          'dot1dBasePortTable',
          await readBridgePorts(reader, maxRows),
        ).bridgePorts;
      }
      if (walks.lldp) links.push(...note('lldpRemTable', await readLldp(reader, linkOptions)).links);
      if (walks.fdb)
        links.push(...note('forwarding tables', await readForwarding(reader, linkOptions)).links);
      if (walks.arp) links.push(...note('ARP tables', await readArp(reader, linkOptions)).links);

      if (list.skipped.length > 0) {
        logger.warn(
          { skipped: list.skipped.slice(0, 20), count: list.skipped.length },
          'values of an unexpected type were skipped',
        );
      }
      if (truncatedTables.length > 0) {
        logger.warn({ tables: truncatedTables, maxRowsPerTable: maxRows }, 'tables cut at maxRowsPerTable');
      }
      let { values } = list;
      if (values.length > LIMITS.valuesPerAsset) {
        // Cut in read order (system, entity, then ports), so the same device always keeps the same values.
        logger.warn(
          { count: values.length, kept: LIMITS.valuesPerAsset },
          'more values than a snapshot carries',
        );
        values = values.slice(0, LIMITS.valuesPerAsset);
      }
      const reading: Reading = { identity, values };
      if (walks.lldp || walks.fdb || walks.arp) {
        const linkTablesCut = truncatedTables.some(
          (table) => table !== 'entPhysicalTable' && table !== 'ifTable',
        );
        reading.links = links.slice(0, LIMITS.linksPerAsset);
        if (linkTablesCut || links.length > LIMITS.linksPerAsset) reading.linksTruncated = true;
      }
      return reading;
    } finally {
      await reader.close();
    }
  },
};
