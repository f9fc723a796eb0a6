import { createRequire } from 'node:module';
import { PlantwatchError } from '@plantwatch/shared';
import type { RequestGate } from '../types.ts';
import { MAX_BITS_PER_REQUEST, MAX_REGISTERS_PER_REQUEST } from './config.ts';
import { describeModbusRequest, type ModbusRequestShape } from './describe.ts';

/**
 * The only door from the agent to a Modbus device, and it only opens for reads.
 *
 * The modbus-serial client stays inside this closure; collectors get a frozen object whose sole
 * functions are FC 1, 2, 3, 4 and 43/14. There is no method that could send a write, so no
 * collector bug, config value or device reply can make the agent change a PLC. The test next to
 * this file checks the object's surface, and the end-to-end suite checks the wire.
 */
export const READ_FUNCTIONS = [
  'readCoils',
  'readDiscreteInputs',
  'readHoldingRegisters',
  'readInputRegisters',
  'readDeviceIdentification',
] as const;

export interface ModbusReader {
  readCoils(address: number, quantity: number): Promise<boolean[]>;
  readDiscreteInputs(address: number, quantity: number): Promise<boolean[]>;
  readHoldingRegisters(address: number, quantity: number): Promise<number[]>;
  readInputRegisters(address: number, quantity: number): Promise<number[]>;
  /** FC 43/14. `code` 1 basic, 2 regular, 3 extended stream, 4 one object. */
  readDeviceIdentification(code: 1 | 2 | 3 | 4, objectId: number): Promise<DeviceIdentification>;
  close(): Promise<void>;
}

export interface DeviceIdentification {
  /** Object id -> text, as the device sent it. */
  objects: Record<number, string>;
  /** 0x01 basic, 0x02 regular, 0x03 extended; +0x80 when single objects can be read. */
  conformityLevel: number;
}

/** Continuation requests one identification read may send (objects 0x00-0xFF fit in far fewer). */
export const MAX_IDENTIFICATION_FOLLOW_UPS = 8;

type Fc43Callback = (
  error: unknown,
  result?: { data: Record<number, string>; conformityLevel: number },
) => void;
type Fc43Request = (unitId: number, code: number, objectId: number, next: Fc43Callback) => void;

export interface ModbusConnectOptions {
  host: string;
  port: number;
  unitId: number;
  timeoutMs: number;
  /** Paces, cancels and records every request (see RequestGate). */
  gate: RequestGate;
}

type ModbusLibrary = typeof import('modbus-serial');
let library: ModbusLibrary | undefined;
/**
 * modbus-serial loads serialport and its native bindings for Modbus RTU, which the agent does not
 * speak (about 9 MiB): it is loaded at the first Modbus poll, so a gateway without Modbus targets
 * never pays for it.
 */
function modbusLibrary(): ModbusLibrary {
  library ??= createRequire(import.meta.url)('modbus-serial') as ModbusLibrary;
  return library;
}

export async function connectModbusReader(options: ModbusConnectOptions): Promise<ModbusReader> {
  // modbus-serial is CommonJS: its client class is also the module's `default` property.
  const client = new (modbusLibrary().default)();
  await withDeadline(client.connectTCP(options.host, { port: options.port }), options.timeoutMs, () =>
    client.close(() => {}),
  ).catch((error: unknown) => {
    throw new PlantwatchError(
      'unavailable',
      `cannot connect to ${options.host}:${options.port}: ${describe(error)}`,
      {
        cause: error,
      },
    );
  });
  client.setID(options.unitId);
  client.setTimeout(options.timeoutMs);
  const followUps = guardIdentificationFollowUps(client, options);

  async function send<T>(request: ModbusRequestShape, call: () => Promise<T>): Promise<T> {
    checkRequest(request);
    const description = describeModbusRequest(options.unitId, request);
    await options.gate.before(description);
    try {
      return await call();
    } catch (error) {
      throw deviceError(description, error);
    }
  }

  const reader: ModbusReader = {
    readCoils: (address, quantity) =>
      send({ functionCode: 1, address, quantity }, async () =>
        (await client.readCoils(address, quantity)).data.slice(0, quantity),
      ),
    readDiscreteInputs: (address, quantity) =>
      send({ functionCode: 2, address, quantity }, async () =>
        (await client.readDiscreteInputs(address, quantity)).data.slice(0, quantity),
      ),
    readHoldingRegisters: (address, quantity) =>
      send(
        { functionCode: 3, address, quantity },
        async () => (await client.readHoldingRegisters(address, quantity)).data,
      ),
    readInputRegisters: (address, quantity) =>
      send(
        { functionCode: 4, address, quantity },
        async () => (await client.readInputRegisters(address, quantity)).data,
      ),
    readDeviceIdentification: (code, objectId) =>
      send({ functionCode: 43, code, objectId }, async () => {
        followUps.reset(objectId);
        // modbus-serial's .d.ts says string[]; at run time `data` is keyed by object id.
        const result = await client.readDeviceIdentification(code, objectId);
        return {
          objects: result.data as unknown as Record<number, string>,
          conformityLevel: result.conformityLevel,
        };
      }),
    // modbus-serial's close() never calls back when the device already dropped the socket: bound it.
    close: () =>
      new Promise<void>((resolve) => {
        if (!client.isOpen) return resolve();
        const fallback = setTimeout(resolve, 1_000);
        client.close(() => {
          clearTimeout(fallback);
          resolve();
        });
      }),
  };
  return Object.freeze(reader);
}

/**
 * When a device sets "more follows" in an FC 43/14 reply, modbus-serial sends the next request by
 * itself, through the instance's `writeFC43`, for as long as the device keeps saying so; and if a
 * follow-up fails, its callback dereferences undefined and throws from a timer, which would take the
 * whole agent down. So on our private client instance every follow-up goes through the gate (paced,
 * cancellable, in the transcript), must ask for a higher object id than the one before, is bounded
 * in number, and a failed or refused follow-up ends the read with what has arrived so far.
 */
function guardIdentificationFollowUps(
  client: object,
  options: ModbusConnectOptions,
): { reset(objectId: number): void } {
  const instance = client as { writeFC43: Fc43Request };
  const original = (Object.getPrototypeOf(client) as { writeFC43: Fc43Request }).writeFC43;
  let count = 0;
  let lastObjectId = -1;
  instance.writeFC43 = (unitId, code, objectId, next) => {
    const stop = () => next(null, { data: {}, conformityLevel: 0 });
    count += 1;
    if (count > MAX_IDENTIFICATION_FOLLOW_UPS || objectId <= lastObjectId) return stop();
    lastObjectId = objectId;
    const description = describeModbusRequest(options.unitId, {
      functionCode: 43,
      code: code as 1,
      objectId,
    });
    options.gate
      .before(`${description} (more follows)`)
      .then(
        () =>
          original.call(client, unitId, code, objectId, (error, result) =>
            error || !result ? stop() : next(null, result),
          ),
        stop,
      );
  };
  return {
    reset(objectId) {
      count = 0;
      lastObjectId = objectId;
    },
  };
}

/** Refuses, before anything is sent, a request the Modbus spec does not allow. */
function checkRequest(request: ModbusRequestShape): void {
  if (request.functionCode === 43) {
    if (!Number.isInteger(request.objectId) || request.objectId < 0 || request.objectId > 255) {
      throw new PlantwatchError('invalid_argument', `FC 43/14: object id ${request.objectId} outside 0..255`);
    }
    return;
  }
  const limit = request.functionCode <= 2 ? MAX_BITS_PER_REQUEST : MAX_REGISTERS_PER_REQUEST;
  const { functionCode, address, quantity } = request;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > limit) {
    throw new PlantwatchError(
      'invalid_argument',
      `FC ${functionCode}: quantity ${quantity} outside 1..${limit}`,
    );
  }
  if (!Number.isInteger(address) || address < 0 || address + quantity > 65_536) {
    throw new PlantwatchError('invalid_argument', `FC ${functionCode}: address ${address} out of range`);
  }
}

function deviceError(where: string, error: unknown): PlantwatchError {
  const text = describe(error);
  const modbusCode = (error as { modbusCode?: number } | null)?.modbusCode;
  if (modbusCode !== undefined) {
    return new PlantwatchError('device_error', `${where}: Modbus exception ${modbusCode} (${text})`, {
      cause: error,
      details: { modbusCode },
    });
  }
  if (/timed? ?out/i.test(text))
    return new PlantwatchError('timeout', `${where}: no reply in time`, { cause: error });
  return new PlantwatchError('device_error', `${where}: ${text}`, { cause: error });
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  return String(error);
}

async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`timed out after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
