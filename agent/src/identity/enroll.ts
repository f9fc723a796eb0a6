import { createPrivateKey, generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ENROLL_PATH,
  type EnrollResponse,
  enrollmentProofMessage,
  enrollResponseSchema,
  formatIssues,
} from '@plantwatch/protocol';
import { PlantwatchError } from '@plantwatch/shared';
import { IDENTITY_FILES, type IdentityFile } from './identity-files.ts';

export interface EnrollOptions {
  /** The console's base URL, e.g. https://console.plant.example */
  consoleUrl: string;
  token: string;
  /** Where the identity directory goes (`<stateDir>/identity`). */
  stateDir: string;
  agentId?: string | undefined;
  /**
   * SHA-256 of the broker's CA as the console shows it (`AB:CD:...`, colons optional). When given,
   * an answer with another CA is refused: enrollment over plain http cannot swap the CA unnoticed.
   */
  caFingerprint?: string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface EnrollResult {
  identityDir: string;
  /** SHA-256 of the CA received, `AB:CD:...`; null when the broker relies on system CAs or has no TLS. */
  caFingerprint: string | null;
  response: Omit<EnrollResponse, 'mqtt'> & { mqtt: { url: string; username: string } };
}

/**
 * Enrolls this gateway: makes an Ed25519 key pair here (or reuses the one a failed attempt left),
 * sends only the public key with the token and a proof of possession, and writes what the console
 * answers into the identity directory. A directory that already holds an identity is left alone.
 */
export async function enrollAgent(options: EnrollOptions): Promise<EnrollResult> {
  const dir = path.resolve(options.stateDir, 'identity');
  if (await fileExists(path.join(dir, IDENTITY_FILES.identity))) {
    throw new PlantwatchError(
      'conflict',
      `${dir} already holds an enrolled identity; to enroll again, move it away first`,
    );
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privatePem, publicKey } = await agentKey(path.join(dir, IDENTITY_FILES.key));

  const url = new URL(ENROLL_PATH, options.consoleUrl);
  const proof = sign(
    null,
    enrollmentProofMessage(options.token, publicKey),
    createPrivateKey(privatePem),
  ).toString('base64url');
  const body = {
    token: options.token,
    publicKey,
    proof,
    ...(options.agentId ? { agentId: options.agentId } : {}),
  };
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new PlantwatchError(
      'unavailable',
      `cannot reach the console at ${url.origin}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (answer as { error?: { message?: string } } | undefined)?.error?.message;
    throw new PlantwatchError(
      response.status === 401 || response.status === 400 || response.status === 409
        ? 'invalid_argument'
        : 'unavailable',
      `the console refused the enrollment (HTTP ${response.status}): ${message ?? response.statusText}`,
    );
  }
  const parsed = enrollResponseSchema.safeParse(answer);
  if (!parsed.success) {
    throw new PlantwatchError(
      'invalid_message',
      `the console's answer is not an enrollment: ${formatIssues(parsed.error, 5).join('; ')}`,
    );
  }
  const enrolled = parsed.data;
  const caFingerprint = fingerprintOf(enrolled.caCertificate);
  if (
    options.caFingerprint !== undefined &&
    normalize(options.caFingerprint) !== normalize(caFingerprint ?? '')
  ) {
    // The console has enrolled the agent already: nothing is stored here, and it must be revoked.
    throw new PlantwatchError(
      'invalid_argument',
      `the broker CA received (${caFingerprint ?? 'none'}) is not the one expected (--ca-fingerprint); nothing was stored. Revoke agent ${enrolled.agentId} in the console and check the console URL`,
    );
  }
  const identity: IdentityFile = {
    v: 1,
    siteId: enrolled.siteId,
    agentId: enrolled.agentId,
    console: url.origin,
    enrolledAt: enrolled.enrolledAt,
    publicKey,
    mqtt: { url: enrolled.mqtt.url, username: enrolled.mqtt.username },
  };
  await writeAtomically(path.join(dir, IDENTITY_FILES.password), enrolled.mqtt.password, 0o600);
  if (enrolled.caCertificate !== null)
    await writeAtomically(path.join(dir, IDENTITY_FILES.ca), enrolled.caCertificate, 0o644);
  // Last: its presence means the enrollment is complete.
  await writeAtomically(
    path.join(dir, IDENTITY_FILES.identity),
    `${JSON.stringify(identity, null, 2)}\n`,
    0o644,
  );
  const { password: _password, ...mqtt } = enrolled.mqtt;
  return { identityDir: dir, caFingerprint, response: { ...enrolled, mqtt } };
}

function fingerprintOf(pem: string | null): string | null {
  if (pem === null) return null;
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    throw new PlantwatchError(
      'invalid_message',
      "the console's answer carries a CA that is not a PEM certificate",
    );
  }
}

const normalize = (fingerprint: string) => fingerprint.replace(/[:\s]/g, '').toUpperCase();

async function agentKey(file: string): Promise<{ privatePem: string; publicKey: string }> {
  let privatePem: string;
  try {
    privatePem = await readFile(file, 'utf8');
  } catch {
    const pair = generateKeyPairSync('ed25519');
    privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await writeAtomically(file, privatePem, 0o600);
  }
  const jwk = createPrivateKey(privatePem).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
    throw new PlantwatchError('invalid_config', `${file} is not an Ed25519 private key`);
  return { privatePem, publicKey: jwk.x };
}

/** Written under a temporary name with its final mode, then renamed: never half a secret on disk. */
async function writeAtomically(file: string, data: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  // A new file gets `mode` as it is created; a leftover temporary would keep its own mode.
  await rm(temporary, { force: true });
  await writeFile(temporary, data, { mode, flag: 'wx' });
  await rename(temporary, file);
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await readFile(file);
    return true;
  } catch {
    return false;
  }
}
