import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import type { SyslogTarget } from '../governance/settings.ts';
import type { Severity } from '../governance/vocabulary.ts';

/**
 * RFC 5424 syslog: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG`, sent over TCP with
 * octet-counting framing (RFC 6587: `<length> <message>`) or as one UDP datagram (RFC 5426).
 */

const SYSLOG_SEVERITY: Record<Severity, number> = { critical: 2, high: 3, medium: 4, low: 5 };
/** RFC 5426: receivers should accept 2048 bytes; larger datagrams may be dropped. */
export const UDP_MAX_BYTES = 2_048;
export const TCP_MAX_BYTES = 8_192;

/** Header fields are printable US-ASCII without spaces (RFC 5424 PRINTUSASCII), or `-`. */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean === '' ? '-' : clean;
}

export interface SyslogMessage {
  facility: number;
  severity: Severity;
  timestamp: string;
  msgId: string;
  /** The CEF text. */
  message: string;
}

export function formatSyslog(message: SyslogMessage, maxBytes: number): Buffer {
  const pri = message.facility * 8 + SYSLOG_SEVERITY[message.severity];
  const header = [
    `<${pri}>1`,
    headerField(message.timestamp, 64),
    headerField(os.hostname(), 255),
    'plantwatch',
    headerField(String(process.pid), 128),
    headerField(message.msgId, 32),
    '-',
  ].join(' ');
  return cutUtf8(Buffer.from(`${header} ${message.message}`, 'utf8'), maxBytes);
}

/** Cuts at a byte limit without splitting a character or leaving half of a `\` escape. */
function cutUtf8(bytes: Buffer, max: number): Buffer {
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  let text = bytes.subarray(0, end).toString('utf8');
  const trailing = /\\+$/.exec(text)?.[0].length ?? 0;
  if (trailing % 2 === 1) text = text.slice(0, -1);
  return Buffer.from(text, 'utf8');
}

/** Sends one message; resolves once it is written (TCP: the connection closed cleanly). */
export function sendSyslog(target: SyslogTarget, message: SyslogMessage, timeoutMs: number): Promise<void> {
  if (target.transport === 'udp') {
    const datagram = formatSyslog(message, UDP_MAX_BYTES);
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket(net.isIPv6(target.host) ? 'udp6' : 'udp4');
      socket.once('error', (error) => {
        socket.close();
        reject(error);
      });
      socket.send(datagram, target.port, target.host, (error) => {
        socket.close();
        if (error) reject(error);
        else resolve();
      });
    });
  }
  const frame = formatSyslog(message, TCP_MAX_BYTES);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.host, port: target.port });
    let flushed = false;
    socket.once('finish', () => {
      flushed = true;
    });
    // Written and flushed, but the receiver keeps its side open: the message is delivered anyway.
    socket.setTimeout(timeoutMs, () => {
      if (flushed) socket.destroy();
      else socket.destroy(new Error(`no progress within ${timeoutMs} ms`));
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.end(Buffer.concat([Buffer.from(`${frame.length} `), frame]));
    });
    socket.once('close', (hadError) => {
      if (!hadError) resolve();
    });
  });
}
