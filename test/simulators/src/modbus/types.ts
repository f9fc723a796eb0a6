/** The data tables of one device (one unit id). */
export type ModbusDeviceData = Pick<
  ModbusSimulatorOptions,
  'identification' | 'holdingRegisters' | 'inputRegisters' | 'coils' | 'discreteInputs'
>;

/** Changes to one device's data, as done to a PLC behind the simulator's back. */
export interface ModbusUnit {
  setHoldingRegister(address: number, value: number): void;
  setHoldingRegisters(start: number, values: number[]): void;
  setInputRegister(address: number, value: number): void;
  setCoil(address: number, value: boolean): void;
  setDiscreteInput(address: number, value: boolean): void;
  setIdentification(objectId: number, value: string): void;
}

export interface ModbusSimulatorOptions {
  /**
   * A Modbus gateway: one TCP endpoint in front of several devices, each with its own data, by unit
   * id. Requests for unit ids not listed get no reply, like a gateway whose serial slave is silent.
   * The top-level data options and `unitId` are ignored when this is given.
   */
  units?: Record<number, ModbusDeviceData>;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: a free port is chosen by the simulator (modbus-serial itself would turn 0 into 502). */
  port?: number;
  /**
   * The unit id the device answers, default 1. Requests for any other unit id are recorded and get no
   * reply, as modbus-serial's ServerTCP does; 0 and 255 make the device answer every unit id.
   */
  unitId?: number;
  /**
   * FC 43/14 objects: 0x00 VendorName, 0x01 ProductCode, 0x02 MajorMinorRevision, 0x03 VendorUrl,
   * 0x04 ProductName, 0x05 ModelName, 0x06 UserApplicationName, 0x80+ extended/private. Omit to make
   * the device not support FC 43 (reply illegal function exception 1). Values are ASCII, at most 245
   * characters. 0x00-0x02 are mandatory: if missing, modbus-serial fills them from its own package.json.
   */
  identification?: Record<number, string>;
  /** Address -> u16 value; unmapped addresses read as 0. */
  holdingRegisters?: Record<number, number>;
  inputRegisters?: Record<number, number>;
  /** Unmapped addresses read as false. */
  coils?: Record<number, boolean>;
  discreteInputs?: Record<number, boolean>;
}

export interface RecordedRequest {
  unitId: number;
  functionCode: number;
  /** Start address for FC 1-6, 15, 16. */
  address?: number;
  /** Count for FC 1-4, 15, 16. */
  quantity?: number;
  /** FC 43: 0x0E for Read Device Identification. */
  meiType?: number;
  /** FC 43/14 fields. */
  readDeviceIdCode?: number;
  objectId?: number;
  /** Date.now() when the frame was received. */
  at: number;
}

export type ModbusFault =
  /** Receive the request, never reply. */
  | { kind: 'timeout' }
  /** Reply with a Modbus exception (default 4, server device failure). */
  | { kind: 'exception'; code?: number }
  /** Reply correctly after delayMs. */
  | { kind: 'slow'; delayMs: number };

export interface ModbusSimulator extends ModbusUnit {
  /** The data of one unit id behind a gateway (`units` option); the setters above change the first. */
  unit(unitId: number): ModbusUnit;
  readonly host: string;
  readonly port: number;
  readonly unitId: number;
  /**
   * Every request received, in order, parsed from the raw MBAP frames on the socket (not from the
   * vector), so writes are recorded too. A snapshot: read it again after new requests.
   */
  readonly requests: readonly RecordedRequest[];
  /** Requests whose function code is not a read (anything other than 1, 2, 3, 4, and 43 with MEI type 14). */
  writeRequests(): RecordedRequest[];
  clearRequests(): void;
  /** Resolves when `count` more requests (default 1) have been received after the call. Rejects after timeoutMs (default 5000). */
  waitForRequests(count?: number, timeoutMs?: number): Promise<void>;
  /** The "unauthorized change" done to a PLC. */
  setHoldingRegister(address: number, value: number): void;
  setHoldingRegisters(start: number, values: number[]): void;
  setInputRegister(address: number, value: number): void;
  setCoil(address: number, value: boolean): void;
  setDiscreteInput(address: number, value: boolean): void;
  /** Also turns FC 43/14 support on for a device started without identification. */
  setIdentification(objectId: number, value: string): void;
  /** Applies a fault to subsequent requests; `times` limits how many requests it hits (default: until cleared). */
  injectFault(fault: ModbusFault, options?: { times?: number }): void;
  clearFault(): void;
  /** Number of currently open client connections. */
  connectionCount(): number;
  /** Closes the server and destroys open sockets; idempotent. */
  close(): Promise<void>;
}
