import {
  buildTranscript,
  type Identity,
  type PointValue,
  type ProtocolName,
  type Transcript,
  trackedState,
} from '@plantwatch/protocol';
import { sha256Hex } from '@plantwatch/shared';
import { DEVICE_MODELS, type DeviceModel } from './catalogue.ts';
import { canonical } from './fast-format.ts';

/**
 * The configuration of one generated asset, as a collector would read it: identity fields and the
 * non-volatile values (volatile process values are added only when the asset row is written, since
 * they never count for drift). Configurations are immutable: a change makes a new one.
 */
export interface AssetConfig {
  identity: Identity;
  /** Config-class values only. */
  values: PointValue[];
  /** Index into the model's firmware list. */
  firmwareIndex: number;
  programVersion: number;
}

/** A configuration with its canonical JSON and fingerprint, as `config_versions` stores it. */
export interface Version {
  config: AssetConfig;
  json: string;
  fingerprint: string;
}

export type ChangeKind = 'config' | 'firmware' | 'program';

const PORTS: Record<ProtocolName, number> = { modbus: 502, opcua: 4840, snmp: 161 };
const TOTAL_WEIGHT = DEVICE_MODELS.reduce((sum, model) => sum + model.weight, 0);

export function pickModel(random: () => number): DeviceModel {
  let pick = random() * TOTAL_WEIGHT;
  for (const model of DEVICE_MODELS) {
    pick -= model.weight;
    if (pick < 0) return model;
  }
  return DEVICE_MODELS[DEVICE_MODELS.length - 1] as DeviceModel;
}

export function defaultPort(protocol: ProtocolName): number {
  return PORTS[protocol];
}

/** A new device: most run an older firmware at the start of the year (upgrades are drift). */
export function initialConfig(
  model: DeviceModel,
  serial: string,
  area: string,
  random: () => number,
): AssetConfig {
  const newest = model.firmware.length - 1;
  const firmwareIndex = Math.min(newest, Math.floor(random() * random() * (newest + 1)));
  const values: PointValue[] = [];
  if (model.protocol === 'snmp') {
    values.push(
      { path: 'sysName', class: 'config', value: serial.toLowerCase() },
      { path: 'sysLocation', class: 'config', value: `${area} cabinet ${1 + Math.floor(random() * 20)}` },
      { path: 'sysContact', class: 'config', value: 'ot-maintenance' },
    );
    for (let port = 1; port <= 8; port += 1) {
      values.push({ path: `ifAdminStatus[${port}]`, class: 'config', value: random() < 0.85 ? 1 : 2 });
    }
  } else {
    const prefix = model.protocol === 'modbus' ? 'setpoints' : 'Recipe.Setpoint';
    for (let i = 0; i < 8; i += 1) {
      const path = model.protocol === 'modbus' ? `${prefix}[${i}]` : `${prefix}_${i + 1}`;
      values.push({ path, class: 'config', value: 50 + Math.floor(random() * 950) });
    }
    if (model.protocol === 'opcua') {
      values.push({ path: 'Program.Checksum', class: 'config', value: hex(random) });
    }
  }
  return withIdentity(model, serial, area, { identity: {}, values, firmwareIndex, programVersion: 1 });
}

function withIdentity(model: DeviceModel, serial: string, area: string, config: AssetConfig): AssetConfig {
  const firmware = model.firmware[config.firmwareIndex] as string;
  const identity: Identity =
    model.protocol === 'modbus'
      ? {
          vendor: model.vendor,
          productCode: model.productCode,
          revision: firmware,
          productName: model.model,
          model: model.model,
          userApplicationName: `${area}_main_v${config.programVersion}`,
        }
      : model.protocol === 'opcua'
        ? {
            vendor: model.vendor,
            model: model.model,
            productCode: model.productCode,
            serial,
            softwareRevision: firmware,
            hardwareRevision: '1',
          }
        : { vendor: model.vendor, model: model.model, productName: model.model, serial, firmware };
  return { ...config, identity };
}

/**
 * One change as somebody at the plant would make it: a setpoint retuned, a firmware update (to the
 * next version the model has), or a new program download. Falls back to a setpoint change when the
 * model has no newer firmware or no program to change.
 */
export function changeConfig(
  model: DeviceModel,
  serial: string,
  area: string,
  config: AssetConfig,
  kind: ChangeKind,
  random: () => number,
): AssetConfig {
  if (kind === 'firmware' && config.firmwareIndex < model.firmware.length - 1) {
    return withIdentity(model, serial, area, { ...config, firmwareIndex: config.firmwareIndex + 1 });
  }
  if (kind === 'program' && model.protocol === 'modbus') {
    return withIdentity(model, serial, area, { ...config, programVersion: config.programVersion + 1 });
  }
  const values = config.values.slice();
  if (kind === 'program' && model.protocol === 'opcua') {
    const index = values.findIndex((value) => value.path === 'Program.Checksum');
    values[index] = { ...(values[index] as PointValue), value: hex(random) };
    return { ...config, values };
  }
  const numeric = values.flatMap((value, index) => (typeof value.value === 'number' ? [index] : []));
  const index = numeric[Math.floor(random() * numeric.length)] as number;
  const current = values[index] as PointValue;
  const next =
    model.protocol === 'snmp'
      ? 3 - (current.value as number)
      : (current.value as number) + (random() < 0.5 ? -1 : 1) * (1 + Math.floor(random() * 40));
  values[index] = { ...current, value: next };
  return { ...config, values };
}

export function versionOf(config: AssetConfig): Version {
  const json = canonical(trackedState(config));
  return { config, json, fingerprint: sha256Hex(json) };
}

/** What the asset row stores as `values`: config values and a few process values that move. */
export function liveValues(model: DeviceModel, config: AssetConfig, random: () => number): PointValue[] {
  const volatile: PointValue[] =
    model.protocol === 'snmp'
      ? [
          { path: 'sysUpTime', class: 'volatile', value: Math.floor(random() * 3e9) },
          { path: 'ifInOctets[1]', class: 'volatile', value: Math.floor(random() * 4e9) },
        ]
      : Array.from({ length: 3 }, (_, i) => ({
          path: model.protocol === 'modbus' ? `process[${i}]` : `Line.Measurement_${i + 1}`,
          class: 'volatile' as const,
          value: Math.round(random() * 10_000) / 10,
          unit: i === 0 ? '°C' : 'bar',
        }));
  return [...config.values, ...volatile];
}

const transcripts = new Map<string, { transcript: Transcript; requestCount: number }>();

/** The requests a poll of this model sends, as the collectors describe them (one per model). */
export function transcriptOf(model: DeviceModel): { transcript: Transcript; requestCount: number } {
  const key = `${model.protocol}|${model.productCode}`;
  let cached = transcripts.get(key);
  if (!cached) {
    const requests =
      model.protocol === 'modbus'
        ? [
            'modbus unit 1 FC 43/14 read device identification code 1 object 0',
            'modbus unit 1 FC 43/14 read device identification code 2 object 3',
            'modbus unit 1 FC 3 read holding 100 x8',
            'modbus unit 1 FC 4 read input 0 x3',
          ]
        : model.protocol === 'opcua'
          ? [
              'opcua GetEndpoints opc.tcp://plc:4840 None',
              'opcua CreateSession',
              'opcua ActivateSession anonymous',
              'opcua Read 6 nodes Value: ns=2;s=DeviceSet.Manufacturer, ns=2;s=DeviceSet.Model +4 more',
              'opcua Read 12 nodes Value: ns=3;s=Recipe.Setpoint_1, ns=3;s=Recipe.Setpoint_2 +10 more',
              'opcua CloseSession',
            ]
          : [
              'snmp v3 engine discovery (empty Get)',
              'snmp v3 Get 1.3.6.1.2.1.1.1.0,1.3.6.1.2.1.1.3.0,1.3.6.1.2.1.1.4.0,1.3.6.1.2.1.1.5.0,1.3.6.1.2.1.1.6.0',
              'snmp v3 GetBulk 1.3.6.1.2.1.2.2.1.7,1.3.6.1.2.1.2.2.1.10 max-repetitions 8',
            ];
    cached = { transcript: buildTranscript(requests), requestCount: requests.length };
    transcripts.set(key, cached);
  }
  return cached;
}

function hex(random: () => number): string {
  return Math.floor(random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
}
