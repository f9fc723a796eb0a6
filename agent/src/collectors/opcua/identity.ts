import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PlantwatchError } from '@plantwatch/shared';
import type { OpcuaTargetConfig } from './config.ts';
import type { OpcuaUserIdentity } from './read-only-client.ts';

/** Turns the configured identity into credentials: the password from its variable, certificate files read. */
export async function resolveIdentity(target: OpcuaTargetConfig): Promise<OpcuaUserIdentity> {
  const { identity } = target;
  if (identity.type === 'anonymous') return identity;
  if (identity.type === 'username') {
    const password = process.env[identity.passwordEnv];
    if (password === undefined) {
      throw new PlantwatchError(
        'invalid_config',
        `target ${target.id}: environment variable ${identity.passwordEnv} (identity.passwordEnv) is not set`,
      );
    }
    return { type: 'username', username: identity.username, password };
  }
  const certificatePem = await readConfigured(target, 'certificateFile', identity.certificateFile);
  const privateKeyPem = await readConfigured(target, 'privateKeyFile', identity.privateKeyFile);
  let certificate: Buffer;
  try {
    certificate = new X509Certificate(certificatePem).raw;
  } catch (error) {
    throw new PlantwatchError(
      'invalid_config',
      `target ${target.id}: identity.certificateFile is not a certificate`,
      {
        cause: error,
      },
    );
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKeyPem)) {
    throw new PlantwatchError(
      'invalid_config',
      `target ${target.id}: identity.privateKeyFile is not a PEM private key`,
    );
  }
  return { type: 'certificate', certificate, privateKeyPem };
}

async function readConfigured(target: OpcuaTargetConfig, field: string, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new PlantwatchError('invalid_config', `target ${target.id}: identity.${field} ${file}: ${code}`, {
      cause: error,
    });
  }
}

/**
 * Makes the target's file paths absolute against `baseDir`, the folder of the agent config file, as
 * the config loader does for `dataDir`. Without it they resolve against the working directory.
 */
export function resolveOpcuaTargetPaths<T extends OpcuaTargetConfig>(target: T, baseDir: string): T {
  const identity =
    target.identity.type === 'certificate'
      ? {
          ...target.identity,
          certificateFile: path.resolve(baseDir, target.identity.certificateFile),
          privateKeyFile: path.resolve(baseDir, target.identity.privateKeyFile),
        }
      : target.identity;
  return { ...target, pkiDir: path.resolve(baseDir, target.pkiDir), identity };
}
