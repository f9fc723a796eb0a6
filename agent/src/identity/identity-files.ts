import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatIssues, idSchema } from '@plantwatch/protocol';
import { PlantwatchError } from '@plantwatch/shared';
import { z } from 'zod';

/**
 * The identity directory `plantwatch-agent enroll` writes (default `<state dir>/identity`):
 *
 *   identity.json   who the agent is: site, agent id, broker URL and user name, public key
 *   agent-key.pem   the Ed25519 private key (PKCS#8), mode 0600; it never leaves the gateway
 *   mqtt-password   the MQTT password, mode 0600; replace it after a rotation in the console
 *   ca.pem          the CA that signed the broker's certificate (absent without TLS)
 */
export const IDENTITY_FILES = {
  identity: 'identity.json',
  key: 'agent-key.pem',
  password: 'mqtt-password',
  ca: 'ca.pem',
} as const;

export const identityFileSchema = z.object({
  v: z.literal(1),
  siteId: idSchema,
  agentId: idSchema,
  console: z.string().max(2_048),
  enrolledAt: z.string().max(64),
  publicKey: z.string().max(64),
  mqtt: z.object({ url: z.string().min(1).max(2_048), username: z.string().min(1).max(256) }),
});
export type IdentityFile = z.infer<typeof identityFileSchema>;

/** What the rest of the agent uses: paths, not secrets (they are read when needed). */
export interface AgentIdentity extends IdentityFile {
  dir: string;
  keyFile: string;
  passwordFile: string;
  /** Undefined when the broker has no TLS (development). */
  caFile: string | undefined;
}

const invalid = (message: string) => new PlantwatchError('invalid_config', `identity.dir: ${message}`);

/** Reads and checks the identity directory; every problem names `identity.dir` and the file. */
export function readIdentity(dir: string): AgentIdentity {
  const file = path.join(dir, IDENTITY_FILES.identity);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(
      code === 'ENOENT'
        ? `${file} does not exist: enroll the agent first (plantwatch-agent enroll)`
        : `cannot read ${file}: ${code ?? (error as Error).message}`,
    );
  }
  const parsed = identityFileSchema.safeParse(raw);
  if (!parsed.success) throw invalid(`${file}: ${formatIssues(parsed.error).join('; ')}`);
  const keyFile = path.join(dir, IDENTITY_FILES.key);
  const passwordFile = path.join(dir, IDENTITY_FILES.password);
  for (const secret of [keyFile, passwordFile]) assertPrivate(secret);
  const caFile = path.join(dir, IDENTITY_FILES.ca);
  return { ...parsed.data, dir, keyFile, passwordFile, caFile: exists(caFile) ? caFile : undefined };
}

/** Like ssh with its keys: a secret other users can read is refused, not silently used. */
function assertPrivate(file: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    throw invalid(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if ((mode & 0o077) !== 0) {
    throw invalid(
      `${file} is readable by other users (mode ${(mode & 0o777).toString(8)}): chmod 600 ${file}`,
    );
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

export function readPrivateKey(identity: Pick<AgentIdentity, 'keyFile'>): KeyObject {
  try {
    return createPrivateKey(readFileSync(identity.keyFile, 'utf8'));
  } catch (error) {
    throw invalid(`cannot read the private key ${identity.keyFile}: ${(error as Error).message}`);
  }
}

/** Read at every connect, so that a rotated password takes effect without a restart. */
export function readSecretFile(file: string): string {
  return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
}
