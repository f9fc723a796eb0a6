import { describe, expect, it } from 'vitest';
import { createLoginLimiter } from './login-limiter.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { oneTimePassword, randomSecret, sameSecret, secretHash } from './secrets.ts';

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
    // A stored value this code did not write, or one with absurd cost parameters, never verifies.
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', first.replace('scrypt$15$', 'scrypt$30$'))).toBe(false);
    expect(await verifyPassword('a'.repeat(300), first)).toBe(false);
  });
});

describe('secrets', () => {
  it('are random, stored as SHA-256, compared in constant time', () => {
    const secret = randomSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomSecret()).not.toBe(secret);
    expect(secretHash(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(sameSecret(secret, secret)).toBe(true);
    expect(sameSecret(secret, `${secret}x`)).toBe(false);
    const otp = oneTimePassword();
    expect(otp).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
  });
});

describe('login limiter', () => {
  it('refuses a key after five failures in the window and forgets them after it', () => {
    let now = 0;
    const limiter = createLoginLimiter({ maxFailures: 5, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 4; i++) limiter.recordFailure(['user:a', 'addr:1']);
    expect(limiter.retryAfterMs(['user:a'])).toBe(0);
    now = 10_000;
    limiter.recordFailure(['user:a', 'addr:1']);
    // The oldest of the five failures was at 0: allowed again at 60 s.
    expect(limiter.retryAfterMs(['user:a'])).toBe(50_000);
    expect(limiter.retryAfterMs(['user:b', 'addr:1'])).toBe(50_000);
    limiter.recordSuccess(['user:a']);
    expect(limiter.retryAfterMs(['user:a'])).toBe(0);
    expect(limiter.retryAfterMs(['addr:1'])).toBe(50_000);
    now = 60_001;
    expect(limiter.retryAfterMs(['addr:1'])).toBe(0);
  });
});
