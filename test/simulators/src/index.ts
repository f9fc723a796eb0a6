/**
 * @plantwatch/simulators owns the in-process protocol devices that tests and the demo run the agent
 * against. The Modbus TCP simulator answers reads from a register map, records every request straight
 * from the wire (so a test can prove the read-only agent sent no write), and injects faults: no reply,
 * exception replies and slow replies. plcProfile builds plausible, seeded PLC register maps.
 */
export { type PlcProfile, plcProfile } from './modbus/plc-profile.ts';
export { f32ToRegisters, registersAt, stringToRegisters, u32ToRegisters } from './modbus/registers.ts';
export { startModbusSimulator } from './modbus/simulator.ts';
export type {
  ModbusFault,
  ModbusSimulator,
  ModbusSimulatorOptions,
  RecordedRequest,
} from './modbus/types.ts';
