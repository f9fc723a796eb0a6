import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AlertPayload } from './alert-payload.ts';
import { cefHeader, cefMessage, cefValue } from './cef.ts';
import { formatSyslog, UDP_MAX_BYTES } from './syslog.ts';
import { signWebhook } from './webhook.ts';

const payload = (overrides: Partial<AlertPayload['drift']> = {}, assetId = 'press-01'): AlertPayload => ({
  event: 'drift.unauthorized',
  occurredAt: '2026-11-22T10:00:00.000Z',
  severity: 'critical',
  siteId: 'plant-a',
  agentId: 'gw-01',
  assetId,
  drift: {
    id: 7,
    kind: 'config',
    class: 'program',
    state: 'unauthorized',
    detectedAt: '2026-11-22T09:59:00.000Z',
    changeCount: 1,
    changes: [{ path: 'program_checksum', change: 'changed', before: 1, after: 2 }],
    ticket: null,
    comment: 'who?',
    decidedBy: 'alice',
    ...overrides,
  },
});

describe('CEF', () => {
  it('escapes header and extension characters as CEF requires', () => {
    expect(cefHeader('a|b\\c\nd')).toBe('a\\|b\\\\c d');
    expect(cefValue('k=v|x\\y\r\nz\rw\u0000')).toBe('k\\=v|x\\\\y\\nz\\rw');
    expect(cefValue('x'.repeat(600))).toHaveLength(512);
  });

  it('builds one line with fixed keys, carrying hostile device text as escaped values', () => {
    const hostile = 'evil=1 cs1=forged\nCEF:0|x';
    const message = cefMessage(
      payload({ changes: [{ path: 'name', change: 'changed', before: 'a', after: hostile }], ticket: 'T|1' }),
      { productVersion: '0.1.0', deliveryId: 42 },
    );
    expect(message).toMatch(
      /^CEF:0\|Plantwatch\|Plantwatch Console\|0\.1\.0\|drift\.unauthorized\|Unauthorized configuration change: program at plant-a\|10\|rt=1795341600000 externalId=42 /,
    );
    expect(message).not.toContain('\n');
    expect(message).toContain('cs5=T|1');
    expect(message).toContain('evil\\=1 cs1\\=forged\\nCEF:0|x');
    // The only `cs1=` is the real one.
    expect(message.match(/(?<!\\)cs1=/g)).toHaveLength(1);
  });
});

describe('RFC 5424', () => {
  it('frames a message with PRI, version, timestamp, host, app, pid, msgid and no structured data', () => {
    const line = formatSyslog(
      {
        facility: 16,
        severity: 'critical',
        timestamp: '2026-11-22T10:00:00.000Z',
        msgId: 'drift.opened',
        message: 'CEF:0|x',
      },
      UDP_MAX_BYTES,
    ).toString();
    expect(line).toMatch(/^<130>1 2026-11-22T10:00:00\.000Z \S+ plantwatch \d+ drift\.opened - CEF:0\|x$/);
  });

  it('cuts an oversized message to the datagram limit without breaking a character or an escape', () => {
    const long = `CEF:0|${'é'.repeat(1_500)}\\\\`;
    const bytes = formatSyslog(
      { facility: 16, severity: 'low', timestamp: 't', msgId: 'm', message: long },
      UDP_MAX_BYTES,
    );
    expect(bytes.length).toBeLessThanOrEqual(UDP_MAX_BYTES);
    expect(bytes.toString('utf8')).not.toContain('\uFFFD');
  });
});

describe('webhook signature', () => {
  it('is the HMAC-SHA256 of timestamp.body with the shared secret', () => {
    const expected = createHmac('sha256', 'a-shared-secret-1').update('1700000000.{"a":1}').digest('hex');
    expect(signWebhook('a-shared-secret-1', 1_700_000_000, '{"a":1}')).toBe(`sha256=${expected}`);
  });
});
