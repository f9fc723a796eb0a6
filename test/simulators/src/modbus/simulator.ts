import type { Socket } from 'node:net';
import { createRequestLog } from '../common/request-log.ts';
import { gateConnection } from './connection-gate.ts';
import { createFaultState } from './fault-state.ts';
import { listenServerTcp } from './listen.ts';
import { isReadRequest } from './mbap.ts';
import { createRegisterBank, createVector, type RegisterBank } from './register-bank.ts';
import type { ModbusSimulator, ModbusSimulatorOptions, RecordedRequest } from './types.ts';

const DEFAULT_WAIT_TIMEOUT_MS = 5000;

/** Starts an in-process Modbus TCP device on a free port (never 502 unless asked for). */
export async function startModbusSimulator(options: ModbusSimulatorOptions = {}): Promise<ModbusSimulator> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = checkInteger('port', options.port ?? 0, 0, 0xffff);
  const banks = new Map<number, RegisterBank>(
    options.units
      ? Object.entries(options.units).map(([id, data]) => [
          checkInteger('units key', Number(id), 1, 247),
          createRegisterBank(data),
        ])
      : [[checkInteger('unitId', options.unitId ?? 1, 0, 255), createRegisterBank(options)]],
  );
  const [first] = banks.values();
  if (!first) throw new RangeError('a gateway needs at least one unit');
  // A gateway answers every unit it has (ServerTCP's 255), and nothing else (the connection gate).
  const unitId = options.units ? 255 : ([...banks.keys()][0] as number);
  const gateway = options.units !== undefined;
  const vector = createVector(
    (requested) => (gateway ? (banks.get(requested) ?? first) : first).read,
    () => [...banks.values()].some((bank) => bank.read.identification() !== undefined),
  );
  const log = createRequestLog<RecordedRequest>('Modbus');
  const faults = createFaultState();
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  // Mirrors ServerTCP: 0 and 255 mean "answer every unit id".
  const answersUnit = (requested: number) =>
    gateway ? banks.has(requested) : unitId === 0 || unitId === 255 || requested === unitId;
  const later = (delayMs: number, task: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, delayMs);
    timers.add(timer);
  };

  const { server, port } = await listenServerTcp(vector, {
    host,
    port: requestedPort,
    unitId,
    onConnection(socket) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      gateConnection(socket, { log, faults, answersUnit, later });
    },
  });

  const shutDown = async () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    log.cancelWaits('the Modbus simulator was closed');
    // Every socket still in the set has a 'close' event to come; the set drops it in an earlier listener,
    // so connectionCount() is 0 once close() resolves.
    const socketsClosed = [...sockets].map(
      (socket) => new Promise((resolve) => socket.once('close', resolve)),
    );
    const serverClosed = new Promise((resolve) => server.close(resolve));
    // ServerTCP destroys the sockets it knows; destroying ours too covers any it missed.
    for (const socket of sockets) socket.destroy();
    await Promise.all([serverClosed, ...socketsClosed]);
  };
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    unitId,
    get requests() {
      return log.list();
    },
    writeRequests: () => log.list().filter((request) => !isReadRequest(request)),
    clearRequests: () => log.clear(),
    waitForRequests: (count = 1, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS) => log.waitFor(count, timeoutMs),
    setHoldingRegister: (address, value) => first.setHoldingRegister(address, value),
    setHoldingRegisters: (start, values) => first.setHoldingRegisters(start, values),
    setInputRegister: (address, value) => first.setInputRegister(address, value),
    setCoil: (address, value) => first.setCoil(address, value),
    setDiscreteInput: (address, value) => first.setDiscreteInput(address, value),
    setIdentification: (objectId, value) => first.setIdentification(objectId, value),
    unit(id) {
      const bank = banks.get(id);
      if (!bank || !gateway)
        throw new RangeError(`no unit ${id} behind this simulator (see the units option)`);
      return bank;
    },
    injectFault: (fault, faultOptions) => faults.inject(fault, faultOptions?.times),
    clearFault: () => faults.clear(),
    connectionCount: () => sockets.size,
    close() {
      closing ??= shutDown();
      return closing;
    },
  };
}

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer ${min}-${max}, got ${value}`);
  }
  return value;
}
