import type { ProtocolName } from '@plantwatch/protocol';

/**
 * The device models a generated fleet is made of, with the firmware versions each has shipped
 * (oldest first). Names are real product lines so that an inventory search behaves as it would
 * at a plant: a vendor filter matches a sizeable share, a model string a few percent.
 */
export interface DeviceModel {
  protocol: ProtocolName;
  vendor: string;
  model: string;
  productCode: string;
  /** How the asset id names it: `plc`, `rtu`, `ipc`, `sw`. */
  kind: string;
  firmware: readonly string[];
  /** Relative share of the fleet. */
  weight: number;
}

export const DEVICE_MODELS: readonly DeviceModel[] = [
  // Modbus TCP: PLCs and RTUs answering Read Device Identification.
  m(
    'modbus',
    'Schneider Electric',
    'Modicon M580',
    'BMEP582040',
    'plc',
    ['2.70', '2.90', '3.10', '3.20'],
    14,
  ),
  m(
    'modbus',
    'Schneider Electric',
    'Modicon M221',
    'TM221CE24R',
    'plc',
    ['1.6.2.0', '1.10.0.0', '1.12.1.0'],
    12,
  ),
  m(
    'modbus',
    'WAGO',
    'PFC200 750-8212',
    '750-8212',
    'plc',
    ['03.08.08', '03.10.08', '04.01.10', '04.02.13'],
    9,
  ),
  m('modbus', 'Phoenix Contact', 'AXC F 2152', '2404267', 'plc', ['2021.0.3', '2022.0.8', '2023.0.4'], 7),
  m('modbus', 'Mitsubishi Electric', 'MELSEC iQ-F FX5U', 'FX5U-32MT', 'plc', ['1.210', '1.240', '1.280'], 6),
  m('modbus', 'Moxa', 'ioLogik E1212', 'E1212', 'rtu', ['3.1', '3.2', '3.3'], 7),
  // OPC UA: controllers exposing the DI device set.
  m(
    'opcua',
    'Siemens',
    'SIMATIC S7-1500 CPU 1516-3 PN/DP',
    '6ES7516-3AN02-0AB0',
    'plc',
    ['2.9.4', '3.0.3', '3.1.1'],
    9,
  ),
  m(
    'opcua',
    'Siemens',
    'SIMATIC S7-1200 CPU 1215C',
    '6ES7215-1AG40-0XB0',
    'plc',
    ['4.5.2', '4.6.1', '4.7.0'],
    7,
  ),
  m('opcua', 'Beckhoff', 'CX5140', 'CX5140-0125', 'ipc', ['3.1.4024.35', '3.1.4024.53', '3.1.4026.12'], 5),
  m('opcua', 'B&R Industrial Automation', 'X20CP1586', 'X20CP1586', 'plc', ['4.93', '6.0.2', '6.1.0'], 3),
  m('opcua', 'ABB', 'AC500 PM5650-2ETH', '1SAP155500R0279', 'plc', ['3.5.1', '3.6.0', '3.7.2'], 3),
  m(
    'opcua',
    'Rockwell Automation',
    'ControlLogix 1756-L83E',
    '1756-L83E',
    'plc',
    ['32.011', '33.015', '35.011'],
    3,
  ),
  // SNMP: industrial switches.
  m('snmp', 'Hirschmann', 'RSP35', 'RSP35-08033O6TT-SK9V9HSE2S', 'sw', ['08.7.04', '09.0.04', '09.1.00'], 5),
  m('snmp', 'Cisco', 'IE-4000-8GT4G-E', 'IE-4000-8GT4G-E', 'sw', ['15.2(7)E4', '15.2(7)E8', '17.9.4'], 4),
  m('snmp', 'Moxa', 'EDS-G516E', 'EDS-G516E-4GSFP', 'sw', ['5.6', '5.7', '6.1'], 3),
  m('snmp', 'Siemens', 'SCALANCE XC208', '6GK5208-0BA00-2AC2', 'sw', ['4.2', '4.3', '4.5'], 2),
];

function m(
  protocol: ProtocolName,
  vendor: string,
  model: string,
  productCode: string,
  kind: string,
  firmware: string[],
  weight: number,
): DeviceModel {
  return { protocol, vendor, model, productCode, kind, firmware, weight };
}

/** Plant areas, used in asset ids (`press03-plc-0117`) and owners' purposes. */
export const AREAS = [
  'press',
  'weld',
  'paint',
  'assembly',
  'packaging',
  'boiler',
  'chiller',
  'compressor',
  'wtp',
  'substation',
];

export const PURPOSES: Record<string, string> = {
  press: 'press line control',
  weld: 'welding cell control',
  paint: 'paint shop conveyors and ovens',
  assembly: 'assembly line stations',
  packaging: 'packaging and palletizing',
  boiler: 'steam boiler control',
  chiller: 'chilled water plant',
  compressor: 'compressed air station',
  wtp: 'water treatment',
  substation: 'medium-voltage substation',
};

/** The people who decide drift and own things, by username (as the audit log records them). */
export const PEOPLE = [
  'a.meyer',
  'j.okafor',
  'm.rossi',
  'l.nguyen',
  's.kowalski',
  'r.haddad',
  'e.lindqvist',
  'p.sharma',
  'c.dubois',
  'k.tanaka',
  'd.mbeki',
  'h.schulz',
];

export const TEAMS = [
  'ot-maintenance',
  'controls-engineering',
  'site-it',
  'automation-team',
  'utilities-team',
];

export const APPROVAL_COMMENTS = [
  'Setpoint retuned after process review',
  'Firmware update per vendor advisory',
  'Recipe change for new product variant',
  'Commissioning adjustment, verified on site',
  'Expected: maintenance work under ticket',
];

export const UNAUTHORIZED_COMMENTS = [
  'No ticket for this change; contractor laptop on the cell network',
  'Change outside any maintenance window, operator could not explain it',
  'Unknown program download, escalated to the SOC',
];

export const RESOLUTION_NOTES = [
  'Configuration restored from the approved backup',
  'Root cause found: vendor service visit; process updated',
  'Reverted by the controls engineer, access reviewed',
];

export const OUTAGE_ERRORS = [
  { code: 'timeout', message: 'no answer within 3000 ms' },
  { code: 'ECONNREFUSED', message: 'connection refused' },
  { code: 'EHOSTUNREACH', message: 'host unreachable' },
];
