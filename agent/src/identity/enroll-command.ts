import path from 'node:path';
import { isValidId } from '@plantwatch/protocol';
import { PlantwatchError } from '@plantwatch/shared';
import { enrollAgent } from './enroll.ts';

export const ENROLL_USAGE = `  plantwatch-agent enroll --console <url> --token <token> [--state-dir <dir>] [--agent-id <id>]
                         [--ca-fingerprint <sha256>]
      Enroll this gateway with the console: create its Ed25519 key pair (the private key stays in
      <dir>/identity, mode 0600), send the public key with the single-use token, and store the
      MQTT credentials and the broker's CA there. Then point agent.yaml at it (identity.dir).
      --state-dir  the agent's state directory (default ./plantwatch-agent-data)
      --agent-id   the id to ask for (default: the console chooses one)
      --ca-fingerprint
                   the broker CA's SHA-256 as the console prints it at start-up: an answer with
                   another CA is refused (use it when enrolling over plain http)
      The token may come from PLANTWATCH_ENROLLMENT_TOKEN instead of the command line.
`;

export interface EnrollCommandOptions {
  console?: string | undefined;
  token?: string | undefined;
  stateDir?: string | undefined;
  agentId?: string | undefined;
  caFingerprint?: string | undefined;
  write: (text: string) => void;
  warn: (text: string) => void;
}

/** `plantwatch-agent enroll`: option checks, the enrollment, and the config lines to add. */
export async function runEnrollCommand(options: EnrollCommandOptions): Promise<number> {
  const consoleUrl = options.console;
  const token = options.token ?? process.env.PLANTWATCH_ENROLLMENT_TOKEN;
  if (consoleUrl === undefined || token === undefined) {
    throw new PlantwatchError('invalid_config', 'enroll needs --console <url> and --token <token>');
  }
  let parsed: URL;
  try {
    parsed = new URL(consoleUrl);
  } catch {
    throw new PlantwatchError(
      'invalid_config',
      `--console: "${consoleUrl}" is not a URL such as https://console:8080`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new PlantwatchError('invalid_config', '--console: must be an http:// or https:// URL');
  if (options.agentId !== undefined && !isValidId(options.agentId))
    throw new PlantwatchError('invalid_config', `--agent-id: "${options.agentId}" is not a valid id`);
  if (parsed.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)) {
    options.warn(
      'warning: enrolling over plain http: the token and the MQTT password cross the network unencrypted\n',
    );
  }
  const stateDir = path.resolve(options.stateDir ?? './plantwatch-agent-data');
  if (options.caFingerprint !== undefined && !/^([0-9A-Fa-f]{2}:?){32}$/.test(options.caFingerprint))
    throw new PlantwatchError('invalid_config', '--ca-fingerprint: expected a SHA-256 such as AB:CD:...:EF');
  const { identityDir, response, caFingerprint } = await enrollAgent({
    consoleUrl,
    token,
    stateDir,
    agentId: options.agentId,
    caFingerprint: options.caFingerprint,
  });
  options.write(
    `Enrolled as agent ${response.agentId} at site ${response.siteId} (broker ${response.mqtt.url}` +
      `${response.caCertificate === null ? (response.mqtt.url.startsWith('mqtts:') ? ', TLS with the system CAs' : ', no TLS') : ''}).\n` +
      (caFingerprint === null
        ? ''
        : `Broker CA fingerprint (SHA-256): ${caFingerprint}${options.caFingerprint === undefined ? ' (compare it with the one the console prints)' : ' (as expected)'}\n`) +
      `Identity in ${identityDir}. In agent.yaml, replace siteId, agentId and mqtt with:\n\n` +
      `dataDir: ${stateDir}\nidentity:\n  dir: ${identityDir}\n`,
  );
  return 0;
}
