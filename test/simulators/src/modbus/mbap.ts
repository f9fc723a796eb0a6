import type { RecordedRequest } from './types.ts';

// MBAP header: transaction id (2), protocol id (2), length (2), unit id (1). The length field counts
// the unit id and the PDU, so a whole frame is 6 + length bytes.
const LENGTH_PREFIX_BYTES = 6;
// Unit id + function code is the shortest meaningful frame; unit id + 253-byte PDU the longest.
const MIN_LENGTH_FIELD = 2;
const MAX_LENGTH_FIELD = 254;

export const ILLEGAL_FUNCTION = 0x01;
export const SERVER_DEVICE_FAILURE = 0x04;
const READ_DEVICE_IDENTIFICATION = 0x0e;

export interface FrameReader {
  /** Feeds one TCP chunk; calls onFrame once per complete frame, whatever the chunk boundaries. */
  push(chunk: Buffer): void;
}

/**
 * Splits a TCP byte stream into MBAP frames. A length field outside 2-254 means the stream cannot be
 * resynchronised (TCP has no frame delimiter), so onMalformed is called and the rest is ignored.
 */
export function createFrameReader(onFrame: (frame: Buffer) => void, onMalformed: () => void): FrameReader {
  let pending: Buffer = Buffer.alloc(0);
  let broken = false;
  return {
    push(chunk) {
      if (broken) return;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= LENGTH_PREFIX_BYTES) {
        const lengthField = pending.readUInt16BE(4);
        if (lengthField < MIN_LENGTH_FIELD || lengthField > MAX_LENGTH_FIELD) {
          broken = true;
          pending = Buffer.alloc(0);
          onMalformed();
          return;
        }
        const frameBytes = LENGTH_PREFIX_BYTES + lengthField;
        if (pending.length < frameBytes) return;
        // Copy so the frame does not pin, or get changed through, the caller's chunk.
        onFrame(Buffer.from(pending.subarray(0, frameBytes)));
        pending = pending.subarray(frameBytes);
      }
    },
  };
}

/** Reads the fields a test wants to assert on from one complete MBAP frame. */
export function parseRequest(frame: Buffer, at: number): RecordedRequest {
  const unitId = frame.readUInt8(6);
  const functionCode = frame.readUInt8(7);
  const data = frame.subarray(8);
  const request: RecordedRequest = { unitId, functionCode, at };
  if (hasAddress(functionCode) && data.length >= 2) request.address = data.readUInt16BE(0);
  if (hasQuantity(functionCode) && data.length >= 4) request.quantity = data.readUInt16BE(2);
  if (functionCode === 43 && data.length >= 1) {
    request.meiType = data.readUInt8(0);
    if (request.meiType === READ_DEVICE_IDENTIFICATION) {
      if (data.length >= 2) request.readDeviceIdCode = data.readUInt8(1);
      if (data.length >= 3) request.objectId = data.readUInt8(2);
    }
  }
  return request;
}

/** The only requests a read-only agent may send: FC 1-4 and FC 43/14. */
export function isReadRequest(request: Pick<RecordedRequest, 'functionCode' | 'meiType'>): boolean {
  const { functionCode, meiType } = request;
  return (
    (functionCode >= 1 && functionCode <= 4) ||
    (functionCode === 43 && meiType === READ_DEVICE_IDENTIFICATION)
  );
}

/** An exception response to `request`: same transaction and unit id, function code with bit 7 set. */
export function exceptionResponse(request: Buffer, exceptionCode: number): Buffer {
  const response = Buffer.alloc(9);
  request.copy(response, 0, 0, 4); // transaction id and protocol id are echoed
  response.writeUInt16BE(3, 4);
  response.writeUInt8(request.readUInt8(6), 6);
  response.writeUInt8(request.readUInt8(7) | 0x80, 7);
  response.writeUInt8(exceptionCode, 8);
  return response;
}

function hasAddress(functionCode: number): boolean {
  return (functionCode >= 1 && functionCode <= 6) || functionCode === 15 || functionCode === 16;
}

function hasQuantity(functionCode: number): boolean {
  return (functionCode >= 1 && functionCode <= 4) || functionCode === 15 || functionCode === 16;
}
