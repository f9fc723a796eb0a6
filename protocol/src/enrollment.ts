import { z } from 'zod';
import { idSchema } from './ids.ts';

/**
 * Enrollment: how an agent becomes a known identity. A person creates a single-use, time-limited
 * token for a site in the console; the agent creates an Ed25519 key pair, keeps the private key,
 * and posts the token with its public key to `POST /api/v1/enroll`. The answer carries its agent
 * id, MQTT credentials and the CA certificate that signed the broker's certificate.
 *
 * The request proves possession of the private key: `proof` is the Ed25519 signature of
 * `enrollmentProofMessage(token, publicKey)`, so nobody can enroll a key they do not hold.
 */
export const ENROLL_PATH = '/api/v1/enroll';

const base64url = (bytes: number) =>
  z
    .string()
    .length(Math.ceil((bytes * 4) / 3))
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url without padding');

/** A raw 32-byte Ed25519 public key, base64url (the `x` of its JWK). */
export const ed25519PublicKeySchema = base64url(32);
/** A 64-byte Ed25519 signature, base64url. */
export const ed25519SignatureSchema = base64url(64);

export const enrollmentTokenSchema = z
  .string()
  .min(16)
  .max(200)
  .regex(/^[A-Za-z0-9_.-]+$/, 'is not an enrollment token');

export const enrollRequestSchema = z.object({
  token: enrollmentTokenSchema,
  publicKey: ed25519PublicKeySchema,
  proof: ed25519SignatureSchema,
  /** The id the agent asks for; the console chooses one when absent. */
  agentId: idSchema.optional(),
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const enrollResponseSchema = z.object({
  agentId: idSchema,
  siteId: idSchema,
  enrolledAt: z.iso.datetime({ offset: true }),
  mqtt: z.object({
    url: z.string().min(1).max(2_048),
    username: z.string().min(1).max(256),
    password: z.string().min(1).max(1_024),
  }),
  /**
   * PEM of the CA the agent verifies the broker with (the console's local CA, or the one the operator
   * names); null when the broker has no TLS (development only) or its certificate comes from a CA
   * the agent's system already trusts.
   */
  caCertificate: z.string().max(65_536).nullable(),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

/** The bytes an agent signs to prove it holds the private key of `publicKey`. */
export function enrollmentProofMessage(token: string, publicKey: string): Buffer {
  return Buffer.from(`plantwatch-enroll-v1\n${token}\n${publicKey}`, 'utf8');
}
