import type { OpcuaBuildInfo, OpcuaDeviceOptions } from './types.ts';

/** The namespace of the simulated PLC's own nodes (Program folder, devices). */
export const PLC_NAMESPACE_URI = 'urn:plantwatch:simulator:plc';
/** Fixed, so the namespace array (a drift-tracked value) is the same on every run and host. */
export const SERVER_APPLICATION_URI = 'urn:plantwatch:simulator:opcua-server';

export const DEFAULT_DEVICE: OpcuaDeviceOptions = {
  name: 'PLC-1',
  manufacturer: 'Halvorsen Automation',
  model: 'PX-400',
  serialNumber: 'PRS-2020-4595562',
  hardwareRevision: 'HW-B2',
  softwareRevision: '3.12.0',
  deviceRevision: '2',
  revisionCounter: 14,
  productCode: 'HA-PX400',
};

export const DEFAULT_BUILD_INFO: OpcuaBuildInfo = {
  productUri: 'urn:halvorsen:presslogic:opcua',
  manufacturerName: 'Halvorsen Automation',
  productName: 'PressLogic OPC UA Server',
  softwareVersion: '3.12.0',
  buildNumber: '3120.7',
  buildDate: new Date('2024-03-18T09:30:00Z'),
};

/** A press: configuration the drift detector cares about. */
export const DEFAULT_SETPOINTS: Record<string, number> = {
  Tonnage: 1000,
  StrokeLength: 220,
  StrokesPerMinute: 24,
  DwellTime: 250,
};

/** A press in operation: values that change all the time. */
export const DEFAULT_PROCESS_VALUES: Record<string, number> = {
  RamPosition: 112.5,
  PressForce: 640.2,
  OilTemperature: 41.7,
};
