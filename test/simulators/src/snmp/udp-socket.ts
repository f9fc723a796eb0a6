import dgram, { type Socket } from 'node:dgram';

export interface BoundDgram {
  /** Passed to net-snmp's createAgent as `dgramModule`. */
  module: { createSocket(type: 'udp4'): Socket };
  /** Resolves with the bound port once the socket listens; rejects if binding fails. */
  listening(): Promise<number>;
}

/**
 * A stand-in for node:dgram that net-snmp's agent creates its socket with. net-snmp's Listener
 * turns port 0 into 161 (`port || 161`), so the socket ignores the port net-snmp asks for and binds
 * the one the simulator chose: 0 really means "any free port", with no probe-then-bind race. It
 * also counts every datagram before net-snmp sees it, decodable or not.
 */
export function createBoundDgram(host: string, port: number, onDatagram: () => void): BoundDgram {
  let ready: Promise<number> | undefined;
  return {
    module: {
      createSocket(type) {
        if (ready) throw new Error('the SNMP simulator listens on one socket only');
        const socket = dgram.createSocket(type);
        socket.on('message', onDatagram);
        ready = new Promise((resolve, reject) => {
          socket.once('error', reject);
          socket.once('listening', () => {
            socket.off('error', reject);
            resolve(socket.address().port);
          });
        });
        const bind = socket.bind.bind(socket);
        socket.bind = (() => bind(port, host)) as unknown as Socket['bind'];
        return socket;
      },
    },
    listening() {
      if (!ready) return Promise.reject(new Error('net-snmp created no socket'));
      return ready;
    },
  };
}
