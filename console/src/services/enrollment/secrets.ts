import { createPublicKey, type KeyObject, randomBytes, verify } from 'node:crypto';
import { PlantwatchError } from '@plantwatch/shared';
import { sameSecret, secretHash } from '../../auth/secrets.ts';

/**
 * Enrollment tokens and MQTT passwords are 32 random bytes (`randomSecret`), stored as their
 * SHA-256 (`secretHash`): nobody guesses 256 bits, and the check must be fast because the broker
 * verifies a password on every connect (a thousand agents reconnecting after an outage).
 */
export function secretMatches(secret: string, storedHash: string): boolean {
  return sameSecret(secretHash(secret), storedHash);
}

/** A short random id for listings and the audit log, e.g. `et_3f9a0c1b2d4e5f60`. */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(8).toString('hex')}`;
}

/** The key object of a raw 32-byte Ed25519 public key (base64url); a client error when it is not one. */
export function ed25519PublicKey(publicKey: string): KeyObject {
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
  } catch {
    throw new PlantwatchError('invalid_argument', 'publicKey: is not an Ed25519 public key');
  }
}

export function ed25519Verifies(key: KeyObject, message: Buffer, signature: string): boolean {
  try {
    return verify(null, message, key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
