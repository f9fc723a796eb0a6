import {
  type AssetSnapshot,
  buildTranscript,
  fingerprintState,
  type PointValue,
  trackedState,
  type ValueChange,
} from '@plantwatch/protocol';

const VENDORS = ['Halvorsen Automation', 'Kestrel Controls', 'Nordwerk', 'Ameda Systems'];
const MODELS = ['PX-400', 'MX-22', 'CV-9', 'BX-7', 'HX-120'];

/**
 * A PLC as the fleet simulator pretends to poll it: stable identity, ten config setpoints, a few
 * process values that move every poll, and a transcript like the Modbus collector's.
 */
export interface SimulatedAsset {
  snapshot(now: Date): AssetSnapshot;
  /** Changes one setpoint, as somebody at the plant would; returns the change. */
  drift(): { changes: ValueChange[]; previousFingerprint: string; currentFingerprint: string };
}

export function createSimulatedAsset(assetId: string, index: number, random: () => number): SimulatedAsset {
  const identity = {
    vendor: VENDORS[index % VENDORS.length],
    model: MODELS[index % MODELS.length],
    serial: `SN-${assetId}`,
    firmware: `${1 + (index % 4)}.${index % 20}`,
  };
  const setpoints = Array.from({ length: 10 }, (_, i) => 100 + ((index * 31 + i * 7) % 900));
  const transcript = buildTranscript([
    'modbus unit 1 FC 43/14 read device identification code 1 object 0',
    'modbus unit 1 FC 3 read holding 100 x10',
    'modbus unit 1 FC 4 read input 0 x4',
  ]);
  const host = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  const values = (): PointValue[] => [
    ...setpoints.map((value, i) => ({ path: `setpoints[${i}]`, class: 'config' as const, value })),
    ...Array.from({ length: 4 }, (_, i) => ({
      path: `process[${i}]`,
      class: 'volatile' as const,
      value: Math.round(random() * 1000),
    })),
  ];
  const fingerprint = () => fingerprintState(trackedState({ identity, values: values() }));
  return {
    snapshot(now) {
      return {
        assetId,
        protocol: 'modbus',
        host,
        port: 502,
        unitId: 1,
        identity,
        values: values(),
        fingerprint: fingerprint(),
        poll: { ok: true, startedAt: now.toISOString(), durationMs: 12, requestCount: 3, transcript },
      };
    },
    drift() {
      const previousFingerprint = fingerprint();
      const i = Math.floor(random() * setpoints.length);
      const before = setpoints[i] as number;
      setpoints[i] = before + 1 + Math.floor(random() * 50);
      const change = {
        path: `setpoints[${i}]`,
        change: 'changed' as const,
        before,
        after: setpoints[i] as number,
      };
      return { changes: [change], previousFingerprint, currentFingerprint: fingerprint() };
    },
  };
}
