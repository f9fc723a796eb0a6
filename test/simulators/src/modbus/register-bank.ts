import type { IServiceVector } from 'modbus-serial';
import type { ModbusDeviceData, ModbusUnit } from './types.ts';

// The identification hook exists in modbus-serial 8.0.25 but is missing from its .d.ts.
export type ServiceVector = IServiceVector & {
  readDeviceIdentification?: (unitId: number) => Record<number, string>;
};

// modbus-serial answers 253 - 6 - 2 characters at most per object and misbehaves beyond that.
const MAX_IDENTIFICATION_LENGTH = 245;

/** Plain synchronous reads of one device's tables. */
export interface BankReads {
  holding(start: number, length: number): number[];
  input(start: number, length: number): number[];
  coil(address: number): boolean;
  discrete(address: number): boolean;
  /** undefined when the device does not support FC 43/14. */
  identification(): Record<number, string> | undefined;
}

/** `setHoldingRegisters` is all or nothing: nothing changes if any address or value is invalid. */
export interface RegisterBank extends ModbusUnit {
  read: BankReads;
}

/** Holds the device's data tables and validates every value before modbus-serial can choke on it. */
export function createRegisterBank(options: ModbusDeviceData): RegisterBank {
  const holding = new Map<number, number>();
  const input = new Map<number, number>();
  const coils = new Map<number, boolean>();
  const discrete = new Map<number, boolean>();
  // undefined means the device does not support FC 43/14 at all.
  let identification: Map<number, string> | undefined;

  const bank: RegisterBank = {
    setHoldingRegister: (address, value) => holding.set(checkAddress(address), checkU16(value)),
    setHoldingRegisters(start, values) {
      const checked = values.map((value, offset) => [checkAddress(start + offset), checkU16(value)] as const);
      for (const [address, value] of checked) holding.set(address, value);
    },
    setInputRegister: (address, value) => input.set(checkAddress(address), checkU16(value)),
    setCoil: (address, value) => coils.set(checkAddress(address), value),
    setDiscreteInput: (address, value) => discrete.set(checkAddress(address), value),
    setIdentification(objectId, value) {
      identification ??= new Map();
      identification.set(checkObjectId(objectId), checkIdentificationValue(value));
    },
    read: {
      holding: (start, length) => readWords(holding, start, length),
      input: (start, length) => readWords(input, start, length),
      coil: (address) => coils.get(address) ?? false,
      discrete: (address) => discrete.get(address) ?? false,
      identification: () => (identification ? Object.fromEntries(identification) : undefined),
    },
  };

  for (const [address, value] of entries(options.holdingRegisters)) bank.setHoldingRegister(address, value);
  for (const [address, value] of entries(options.inputRegisters)) bank.setInputRegister(address, value);
  for (const [address, value] of entries(options.coils)) bank.setCoil(address, value);
  for (const [address, value] of entries(options.discreteInputs)) bank.setDiscreteInput(address, value);
  if (options.identification) {
    identification = new Map();
    for (const [objectId, value] of entries(options.identification)) bank.setIdentification(objectId, value);
  }
  return bank;
}

/**
 * The object modbus-serial's ServerTCP calls for reads, reading the banks live. ServerTCP passes
 * the request's unit id to every hook, so a gateway picks that unit's bank; a single device always
 * answers from its one bank. Plain return values on purpose: modbus-serial turns a Promise inside a
 * register array into exception 4. Faults are applied before a frame reaches the library, not here.
 */
export function createVector(
  bankFor: (unitId: number) => BankReads,
  hasIdentification: () => boolean,
): ServiceVector {
  return {
    getHoldingRegister: (address: number, unitId: number) => bankFor(unitId).holding(address, 1)[0] ?? 0,
    getMultipleHoldingRegisters: (start: number, length: number, unitId: number) =>
      bankFor(unitId).holding(start, length),
    getInputRegister: (address: number, unitId: number) => bankFor(unitId).input(address, 1)[0] ?? 0,
    getMultipleInputRegisters: (start: number, length: number, unitId: number) =>
      bankFor(unitId).input(start, length),
    getCoil: (address: number, unitId: number) => bankFor(unitId).coil(address),
    getDiscreteInput: (address: number, unitId: number) => bankFor(unitId).discrete(address),
    // ServerTCP answers illegal function when this hook is absent, so it only exists while some
    // device has identification objects; a gateway unit without any answers with none.
    get readDeviceIdentification() {
      return hasIdentification() ? (unitId: number) => bankFor(unitId).identification() ?? {} : undefined;
    },
  };
}

function readWords(table: Map<number, number>, start: number, length: number): number[] {
  return Array.from({ length }, (_, offset) => table.get(start + offset) ?? 0);
}

function entries<T>(record: Record<number, T> | undefined): Array<[number, T]> {
  return Object.entries(record ?? {}).map(([key, value]) => [Number(key), value]);
}

function checkAddress(address: number): number {
  if (!Number.isInteger(address) || address < 0 || address > 0xffff) {
    throw new RangeError(`Modbus address must be an integer 0-65535, got ${address}`);
  }
  return address;
}

function checkU16(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new RangeError(`register value must be an integer 0-65535, got ${value}`);
  }
  return value;
}

function checkObjectId(objectId: number): number {
  // 0x07-0x7F are reserved; modbus-serial would answer both an exception and a reply for them.
  const valid =
    Number.isInteger(objectId) &&
    ((objectId >= 0 && objectId <= 0x06) || (objectId >= 0x80 && objectId <= 0xff));
  if (!valid)
    throw new RangeError(`device identification object id must be 0x00-0x06 or 0x80-0xFF, got ${objectId}`);
  return objectId;
}

function checkIdentificationValue(value: string): string {
  // modbus-serial sizes the reply by string length but writes UTF-8, so only ASCII survives intact.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: any 7-bit character is allowed, controls included.
  if (!/^[\u0000-\u007f]*$/.test(value)) throw new RangeError('device identification values must be ASCII');
  if (value.length > MAX_IDENTIFICATION_LENGTH) {
    throw new RangeError(`device identification values are at most ${MAX_IDENTIFICATION_LENGTH} characters`);
  }
  return value;
}
