/** Modbus TCP collector: FC 1-4 register maps and FC 43/14 device identification, read-only. */
export { modbusCollector } from './collector.ts';
export { type ModbusTargetConfig, modbusTargetSchema } from './config.ts';
