import { buildTranscript } from '@plantwatch/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetSnapshot, inventoryMessage, statusMessage } from '../../testing/messages.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('the asset page shows what the agent asked the device', () => {
  it('lists the last poll transcript with its digest, every line escaped', async () => {
    const requests = ['modbus unit 1 FC 3 read holding 100 x10', 'modbus unit 1 FC 4 read input 0 x4 <b>'];
    const transcript = buildTranscript(requests);
    const base = assetSnapshot();
    t.ingest.ingest(statusMessage({ seq: 1 }));
    t.ingest.ingest(
      inventoryMessage({ seq: 2 }, [{ ...base, poll: { ...base.poll, requestCount: 2, transcript } }]),
    );
    const response = await t.app.request(`/sites/plant-a/assets/${base.assetId}`, {
      headers: { Accept: 'text/html' },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(transcript.digest.slice(0, 16));
    expect(html).toContain('modbus unit 1 FC 3 read holding 100 x10');
    expect(html).toContain('x4 &lt;b&gt;');
    expect(html).not.toContain('x4 <b>');
  });
});
