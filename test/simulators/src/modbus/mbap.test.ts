import { describe, expect, it, vi } from 'vitest';
import { createFrameReader, exceptionResponse, isReadRequest, parseRequest } from './mbap.ts';
import { requestFrame } from './test-client.ts';

const READ = requestFrame(1, 1, [3, 0, 100, 0, 10]);
const WRITE = requestFrame(2, 1, [16, 0, 10, 0, 2, 4, 0, 1, 0, 2]);

function framesFrom(chunks: Buffer[]): Buffer[] {
  const frames: Buffer[] = [];
  const reader = createFrameReader(
    (frame) => frames.push(frame),
    () => frames.push(Buffer.from('malformed')),
  );
  for (const chunk of chunks) reader.push(chunk);
  return frames;
}

describe('createFrameReader', () => {
  it('splits several frames that arrive in one chunk', () => {
    expect(framesFrom([Buffer.concat([READ, WRITE, READ])])).toEqual([READ, WRITE, READ]);
  });

  it('reassembles frames cut at every possible position', () => {
    const stream = Buffer.concat([READ, WRITE]);
    for (let cut = 1; cut < stream.length; cut += 1) {
      expect(framesFrom([stream.subarray(0, cut), stream.subarray(cut)])).toEqual([READ, WRITE]);
    }
  });

  it('reassembles a frame sent one byte at a time', () => {
    expect(framesFrom([...WRITE].map((byte) => Buffer.from([byte])))).toEqual([WRITE]);
  });

  it('reports a length field no Modbus frame can have, once, and ignores what follows', () => {
    const onMalformed = vi.fn();
    const onFrame = vi.fn();
    const reader = createFrameReader(onFrame, onMalformed);
    reader.push(Buffer.from([0, 1, 0, 0, 0, 1, 1]));
    reader.push(READ);
    expect(onMalformed).toHaveBeenCalledTimes(1);
    expect(onFrame).not.toHaveBeenCalled();
  });
});

describe('parseRequest', () => {
  it.each([
    ['FC 3', [3, 0, 100, 0, 10], { functionCode: 3, address: 100, quantity: 10 }],
    ['FC 1', [1, 0x12, 0x34, 0, 16], { functionCode: 1, address: 0x1234, quantity: 16 }],
    ['FC 5', [5, 0, 7, 0xff, 0], { functionCode: 5, address: 7 }],
    ['FC 6', [6, 0, 7, 0, 9], { functionCode: 6, address: 7 }],
    ['FC 15', [15, 0, 1, 0, 9, 2, 0xff, 1], { functionCode: 15, address: 1, quantity: 9 }],
    ['FC 16', [16, 0, 10, 0, 1, 2, 0, 1], { functionCode: 16, address: 10, quantity: 1 }],
    ['FC 22', [22, 0, 1, 0, 0xff, 0, 1], { functionCode: 22 }],
    ['FC 43/14', [43, 14, 1, 0], { functionCode: 43, meiType: 14, readDeviceIdCode: 1, objectId: 0 }],
    ['FC 43/13', [43, 13, 0], { functionCode: 43, meiType: 13 }],
    ['a truncated FC 3', [3, 0], { functionCode: 3 }],
  ])('reads the fields of %s', (_name, pdu, expected) => {
    expect(parseRequest(requestFrame(9, 5, pdu), 1234)).toEqual({ unitId: 5, at: 1234, ...expected });
  });
});

describe('isReadRequest', () => {
  it('accepts only FC 1-4 and FC 43 with MEI type 14', () => {
    const reads = [1, 2, 3, 4].map((functionCode) => ({ functionCode }));
    expect(reads.every(isReadRequest)).toBe(true);
    expect(isReadRequest({ functionCode: 43, meiType: 14 })).toBe(true);
    for (const functionCode of [5, 6, 8, 15, 16, 17, 22, 23, 43, 0x5a]) {
      expect(isReadRequest({ functionCode })).toBe(false);
    }
    expect(isReadRequest({ functionCode: 43, meiType: 13 })).toBe(false);
  });
});

describe('exceptionResponse', () => {
  it('echoes transaction and unit id and sets bit 7 of the function code', () => {
    const request = requestFrame(0xabcd, 17, [3, 0, 0, 0, 1]);
    expect(exceptionResponse(request, 4).toString('hex')).toBe('abcd0000000311' + '8304');
  });
});
