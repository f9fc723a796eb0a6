/**
 * The OPC UA simulator (`@plantwatch/simulators/opcua`): an in-process node-opcua server with the DI
 * nodeset, a DeviceSet and a Program folder, which records every service request it receives,
 * refuses (and records) every service that would change it, changes values and structure on demand,
 * restarts, and injects faults. It is a separate entry point so that Modbus-only users of the
 * simulators never load node-opcua (about 1 s and 100 MB).
 */
export {
  DEFAULT_BUILD_INFO,
  DEFAULT_DEVICE,
  DEFAULT_PROCESS_VALUES,
  DEFAULT_SETPOINTS,
  PLC_NAMESPACE_URI,
} from './defaults.ts';
export { startOpcuaSimulator } from './simulator.ts';
export {
  MUTATING_SERVICES,
  type OpcuaBuildInfo,
  type OpcuaDeviceOptions,
  type OpcuaFault,
  type OpcuaFaultOptions,
  type OpcuaSecurityModeName,
  type OpcuaSimulator,
  type OpcuaSimulatorOptions,
  type RecordedOpcuaRequest,
} from './types.ts';
export { createOpcuaUserCertificate, type OpcuaUserCertificate } from './user-certificate.ts';
