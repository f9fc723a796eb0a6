import net from 'node:net';
import { createLogger } from '@plantwatch/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createDevicePacer, createRequestGate } from '../../poller/request-gate.ts';
import { modbusCollector } from './collector.ts';
import { modbusTargetSchema } from './config.ts';
import { MAX_IDENTIFICATION_FOLLOW_UPS } from './read-only-client.ts';

/**
 * A raw Modbus TCP device that answers FC 43/14 with "more follows" every time: the kind of
 * firmware bug (or attack) that would make a naive client ask forever. Written at the frame level
 * because the well-behaved simulator cannot misbehave this way.
 */
type Mode = 'same-object' | 'ever-increasing' | 'silent-follow-up';

async function startHostileDevice(mode: Mode) {
  const requests: number[] = [];
  const server = net.createServer((socket) => {
    socket.on('data', (frame) => {
      // One request per chunk is enough here: the client sends one at a time.
      if (frame.readUInt8(7) !== 0x2b) return;
      const objectId = frame.readUInt8(10);
      requests.push(objectId);
      if (mode === 'silent-follow-up' && requests.length > 1) return;
      const text = Buffer.from(`OBJ${objectId}`, 'ascii');
      const next = mode === 'same-object' ? objectId : (objectId + 1) & 0xff;
      const pdu = Buffer.from([0x2b, 0x0e, 0x01, 0x01, 0xff, next, 1, objectId, text.length, ...text]);
      const mbap = Buffer.alloc(7);
      frame.copy(mbap, 0, 0, 4);
      mbap.writeUInt16BE(pdu.length + 1, 4);
      mbap.writeUInt8(frame.readUInt8(6), 6);
      socket.write(Buffer.concat([mbap, pdu]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let device: Awaited<ReturnType<typeof startHostileDevice>> | undefined;
afterEach(async () => {
  await device?.close();
});

async function poll(port: number) {
  const signal = new AbortController().signal;
  const gate = createRequestGate({ deviceKey: 'hostile', minGapMs: 0, pacer: createDevicePacer(), signal });
  const target = modbusTargetSchema.parse({
    id: 'hostile',
    protocol: 'modbus',
    host: '127.0.0.1',
    port,
    timeoutMs: 300,
  });
  const reading = await modbusCollector.collect(target, {
    logger: createLogger({ name: 't', level: 'silent' }),
    signal,
    gate,
    previous: undefined,
  });
  return { reading, transcript: gate.requests };
}

describe('FC 43/14 against a device that always says "more follows"', () => {
  it('stops when the device asks for the same object again', async () => {
    device = await startHostileDevice('same-object');
    const { reading, transcript } = await poll(device.port);
    expect(device.requests).toEqual([0]);
    expect(reading.identity.vendor).toBe('OBJ0');
    expect(transcript).toHaveLength(1);
  });

  it('stops after a bounded number of follow-ups, each one paced and in the transcript', async () => {
    device = await startHostileDevice('ever-increasing');
    const { reading, transcript } = await poll(device.port);
    expect(device.requests).toHaveLength(1 + MAX_IDENTIFICATION_FOLLOW_UPS);
    expect(transcript).toHaveLength(1 + MAX_IDENTIFICATION_FOLLOW_UPS);
    expect(transcript[1]).toBe(
      'modbus unit 1 FC 43/14 read device identification code 1 object 1 (more follows)',
    );
    expect(reading.identity).toMatchObject({ vendor: 'OBJ0', productCode: 'OBJ1', revision: 'OBJ2' });
  });

  it('keeps what arrived when a follow-up gets no reply, instead of crashing', async () => {
    device = await startHostileDevice('silent-follow-up');
    const { reading } = await poll(device.port);
    expect(device.requests).toEqual([0, 1]);
    expect(reading.identity.vendor).toBe('OBJ0');
  });
});
