import { getConnInfo } from '@hono/node-server/conninfo';
import { PlantwatchError } from '@plantwatch/shared';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

export interface RateLimitOptions {
  /** Requests one client address may make in a burst, refilled evenly over `windowMs`. */
  perClient: number;
  /** Requests all clients together may make in a burst, refilled the same way. */
  overall: number;
  windowMs: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client address plus one for everyone, for unauthenticated routes that do
 * real work (enrollment): answers 429 `rate_limited` once a bucket is empty. Buckets live in
 * memory: a restart forgets them, which only ever helps a legitimate client.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const now = options.now ?? Date.now;
  const clients = new Map<string, Bucket>();
  const overall: Bucket = { tokens: options.overall, at: now() };

  const take = (bucket: Bucket, capacity: number, at: number): boolean => {
    bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.at) / options.windowMs) * capacity);
    bucket.at = at;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };

  return async (c, next) => {
    const at = now();
    // Full buckets carry no information: forget them, so the map cannot grow without bound.
    if (clients.size > 10_000) {
      for (const [key, bucket] of clients) {
        if (bucket.tokens + ((at - bucket.at) / options.windowMs) * options.perClient >= options.perClient)
          clients.delete(key);
      }
    }
    const key = clientAddress(c);
    let bucket = clients.get(key);
    if (!bucket) {
      bucket = { tokens: options.perClient, at };
      clients.set(key, bucket);
    }
    if (!take(bucket, options.perClient, at) || !take(overall, options.overall, at)) {
      c.header('Retry-After', String(Math.ceil(options.windowMs / options.perClient / 1_000)));
      throw new PlantwatchError('rate_limited', 'too many requests: wait a moment and try again');
    }
    await next();
  };
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made in-process (tests) have no socket.
    return 'unknown';
  }
}
