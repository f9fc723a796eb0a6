import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../testing/wait-for.ts';
import { guardFrameSize } from './frame-size-guard.ts';

/** An MQTT frame: fixed header byte, variable-length remaining length, body. */
function frame(bodyBytes: number): Buffer {
  const length: number[] = [];
  let rest = bodyBytes;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    length.push(byte);
  } while (rest > 0);
  return Buffer.concat([Buffer.from([0x30, ...length]), Buffer.alloc(bodyBytes, 0x61)]);
}

let server: Server | undefined;
let client: Socket | undefined;

afterEach(async () => {
  client?.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

/** A server socket read the way aedes reads it ('readable' + read()), with the guard attached. */
async function guardedPair(maxFrameBytes: number) {
  const oversize: number[] = [];
  let received = 0;
  const accepted = new Promise<Socket>((resolve) => {
    server = createServer((socket) => {
      socket.on('readable', () => {
        for (let chunk = socket.read(); chunk !== null; chunk = socket.read()) received += chunk.length;
      });
      guardFrameSize(socket, maxFrameBytes, (bytes) => {
        oversize.push(bytes);
        socket.destroy();
      });
      resolve(socket);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  client = createConnection(port, '127.0.0.1');
  client.on('error', () => {});
  const socket = await accepted;
  return { socket, oversize, received: () => received };
}

describe('guardFrameSize', () => {
  it('lets frames up to the limit through, even split across writes', async () => {
    const pair = await guardedPair(1_000);
    const frames = Buffer.concat([frame(0), frame(1_000), frame(127), frame(128), frame(16_383 % 1_000)]);
    for (let offset = 0; offset < frames.length; offset += 7)
      client?.write(frames.subarray(offset, offset + 7));
    await waitFor(() => (pair.received() === frames.length ? true : undefined), { what: 'all bytes read' });
    expect(pair.oversize).toEqual([]);
    expect(pair.socket.destroyed).toBe(false);
  });

  it('cuts the connection at the header of a frame over the limit', async () => {
    const pair = await guardedPair(1_000);
    client?.write(frame(10));
    // Only the header of the big frame is sent: the guard must not wait for its body.
    client?.write(frame(200_000).subarray(0, 4));
    await waitFor(() => (pair.socket.destroyed ? true : undefined), { what: 'the socket to be destroyed' });
    expect(pair.oversize).toEqual([200_000]);
  });
});
