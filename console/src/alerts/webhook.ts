import { createHmac } from 'node:crypto';
import type { WebhookTarget } from '../governance/settings.ts';

export const SIGNATURE_HEADER = 'X-Plantwatch-Signature';
export const TIMESTAMP_HEADER = 'X-Plantwatch-Timestamp';

/**
 * The signature a receiver recomputes: HMAC-SHA256 with the shared secret over
 * `<timestamp>.<raw body>`, hex, sent as `sha256=<hex>`. The timestamp (Unix seconds, its own
 * header) is signed too, so that a receiver can refuse old deliveries replayed later.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

export async function sendWebhook(
  target: WebhookTarget,
  delivery: { id: number; event: string; body: string; now: Date },
  timeoutMs: number,
): Promise<WebhookOutcome> {
  const timestamp = Math.floor(delivery.now.getTime() / 1_000);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      // A redirect is not followed: the signed body is for this URL only.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'plantwatch-console',
        'X-Plantwatch-Event': delivery.event,
        'X-Plantwatch-Delivery': String(delivery.id),
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(target.secret, timestamp, delivery.body),
      },
      body: delivery.body,
    });
    // The receiver's answer is not read beyond its status: it is not ours to trust or store.
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, status: null, error: cause ? `${message} (${cause})` : message };
  }
}
