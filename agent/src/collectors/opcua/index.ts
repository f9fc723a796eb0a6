/**
 * OPC UA collector: ServerStatus and BuildInfo, the namespace array, the DI DeviceSet, configured
 * nodes and a fingerprint of the address space's structure, read-only, over None, Sign or
 * SignAndEncrypt with a trust workflow for server certificates. Importing this module does not load
 * node-opcua: the read-only client loads it on the first OPC UA poll.
 */

export { opcuaCollector } from './collector.ts';
export { OPCUA_COMMAND_USAGE, runOpcuaCommand } from './command.ts';
export { type OpcuaTargetConfig, opcuaTargetSchema } from './config.ts';
export { resolveOpcuaTargetPaths } from './identity.ts';
export {
  formatOpcuaCertificates,
  listOpcuaCertificates,
  type OpcuaCertificateInfo,
  trustOpcuaCertificate,
} from './trust.ts';
