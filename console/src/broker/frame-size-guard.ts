import type { Socket } from 'node:net';

/**
 * Watches the MQTT frames on a socket and calls `onOversize` as soon as a frame header announces a
 * body larger than `maxFrameBytes`. aedes (through mqtt-packet) has no size limit of its own and
 * buffers a whole packet, up to 256 MiB, before any handler sees it; this stops that at the header.
 *
 * It listens to 'data' next to aedes' 'readable' listener: with both, Node keeps the stream paused
 * and emits 'data' for each chunk aedes reads, before aedes parses it.
 */
export function guardFrameSize(
  socket: Socket,
  maxFrameBytes: number,
  onOversize: (bytes: number) => void,
): void {
  let skip = 0; // body bytes of the current frame still to pass
  let inLength = false; // reading the variable-length "remaining length" field
  let length = 0;
  let multiplier = 1;
  let lengthBytes = 0;
  let done = false;

  const onData = (chunk: Buffer) => {
    let index = 0;
    while (!done && index < chunk.length) {
      if (skip > 0) {
        const step = Math.min(skip, chunk.length - index);
        skip -= step;
        index += step;
        continue;
      }
      if (!inLength) {
        // First byte of the fixed header: packet type and flags.
        index += 1;
        inLength = true;
        length = 0;
        multiplier = 1;
        lengthBytes = 0;
        continue;
      }
      const byte = chunk[index++] ?? 0;
      length += (byte & 0x7f) * multiplier;
      multiplier *= 128;
      lengthBytes += 1;
      if (byte & 0x80) {
        // A length field longer than 4 bytes is malformed; the MQTT parser rejects it itself.
        if (lengthBytes >= 4) stop();
        continue;
      }
      inLength = false;
      if (length > maxFrameBytes) {
        stop();
        onOversize(length);
        return;
      }
      skip = length;
    }
  };
  const stop = () => {
    done = true;
    socket.off('data', onData);
  };
  socket.on('data', onData);
}
