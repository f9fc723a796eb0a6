import type { Socket } from 'node:net';
import type { RequestLog } from '../common/request-log.ts';
import type { FaultState } from './fault-state.ts';
import {
  createFrameReader,
  exceptionResponse,
  ILLEGAL_FUNCTION,
  isReadRequest,
  parseRequest,
  SERVER_DEVICE_FAILURE,
} from './mbap.ts';
import type { RecordedRequest } from './types.ts';

export interface GateContext {
  log: RequestLog<RecordedRequest>;
  faults: FaultState;
  answersUnit(unitId: number): boolean;
  /** Runs `task` after delayMs on a timer the simulator cancels when it closes. */
  later(delayMs: number, task: () => void): void;
}

/**
 * Puts the simulator between a client socket and modbus-serial's frame handler. ServerTCP has no hook
 * that sees function codes, so this records every frame from the wire, applies the injected fault,
 * refuses anything that is not a read, and hands the remaining frames to the library one at a time.
 * Must run after ServerTCP's own 'connection' listener, which is the one that attaches the handler.
 */
export function gateConnection(socket: Socket, context: GateContext): void {
  const libraryHandlers = socket.listeners('data') as Array<(chunk: Buffer) => void>;
  socket.removeAllListeners('data');

  const reply = (response: Buffer) => {
    if (!socket.destroyed) socket.write(response);
  };
  const forward = (frame: Buffer) => {
    if (socket.destroyed) return;
    for (const handler of libraryHandlers) handler.call(socket, frame);
  };

  const handleFrame = (frame: Buffer) => {
    const request = parseRequest(frame, Date.now());
    context.log.record(request);
    // ServerTCP drops frames for other unit ids without a reply; doing it here as well keeps faults
    // and the write refusal from answering on behalf of a unit this device is not.
    if (!context.answersUnit(request.unitId)) return;

    const fault = context.faults.take();
    if (fault?.kind === 'timeout') return;
    if (fault?.kind === 'exception') {
      reply(exceptionResponse(frame, fault.code ?? SERVER_DEVICE_FAILURE));
      return;
    }
    // Writes are refused rather than applied, so a faulty agent can neither change the device nor
    // hide its write behind a value that reads back the same.
    const answer = () =>
      isReadRequest(request) ? forward(frame) : reply(exceptionResponse(frame, ILLEGAL_FUNCTION));
    if (fault?.kind === 'slow') context.later(fault.delayMs, answer);
    else answer();
  };

  // A length field no Modbus frame can have leaves no way to find the next frame: hang up, as devices do.
  const reader = createFrameReader(handleFrame, () => socket.destroy());
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
}
