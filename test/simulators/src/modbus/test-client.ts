import { connect, type Socket } from 'node:net';
import modbus from 'modbus-serial';
import { createFrameReader } from './mbap.ts';

// Test helpers only: a real modbus-serial client, and a raw socket for frames the client cannot send.

// Under NodeNext the default import is module.exports; the client class hangs off it as `default`.
export type ModbusClient = InstanceType<typeof modbus.default>;

interface Endpoint {
  host: string;
  port: number;
  unitId: number;
}

export async function connectClient(endpoint: Endpoint, timeoutMs = 1000): Promise<ModbusClient> {
  const client = new modbus.default();
  await client.connectTCP(endpoint.host, { port: endpoint.port });
  client.setID(endpoint.unitId);
  client.setTimeout(timeoutMs);
  return client;
}

export function closeClient(client: ModbusClient): Promise<void> {
  // modbus-serial never calls the close callback when the peer has already closed the socket.
  if (!client.isOpen) return Promise.resolve();
  return new Promise((resolve) => client.close(() => resolve()));
}

/** The error a modbus-serial client call rejected with. */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<Error & { modbusCode?: number; errno?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { modbusCode?: number; errno?: string };
  }
  throw new Error('expected the Modbus call to fail');
}

export interface RawConnection {
  socket: Socket;
  /** Resolves with the next `count` response frames, in arrival order. */
  nextFrames(count: number): Promise<Buffer[]>;
  close(): void;
}

export async function connectRaw(endpoint: Pick<Endpoint, 'host' | 'port'>): Promise<RawConnection> {
  const socket = connect({ host: endpoint.host, port: endpoint.port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const received: Buffer[] = [];
  let waiting: { count: number; resolve(frames: Buffer[]): void } | undefined;
  const settle = () => {
    if (waiting && received.length >= waiting.count) waiting.resolve(received.splice(0, waiting.count));
  };
  const reader = createFrameReader(
    (frame) => {
      received.push(frame);
      settle();
    },
    () => socket.destroy(new Error('malformed response frame')),
  );
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  return {
    socket,
    nextFrames(count) {
      return new Promise((resolve) => {
        waiting = { count, resolve };
        settle();
      });
    },
    close: () => socket.destroy(),
  };
}

/** An MBAP request frame: transaction id, protocol 0, length, unit id, then the PDU bytes. */
export function requestFrame(transactionId: number, unitId: number, pdu: number[]): Buffer {
  const frame = Buffer.alloc(7 + pdu.length);
  frame.writeUInt16BE(transactionId, 0);
  frame.writeUInt16BE(0, 2);
  frame.writeUInt16BE(pdu.length + 1, 4);
  frame.writeUInt8(unitId, 6);
  Buffer.from(pdu).copy(frame, 7);
  return frame;
}
