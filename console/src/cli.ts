import { readFileSync } from 'node:fs';
import { createLogger, errorMessage } from '@plantwatch/shared';
import { type AccountArgs, parseAccountArgs } from './cli-accounts-args.ts';
import { parseCliArgs, USAGE, UsageError } from './cli-args.ts';
import type { ConsoleHandle } from './server.ts';

/** The `plantwatch-console` command. Standard output gets one human line; logs go to standard error. */
async function main(): Promise<number> {
  const [area] = process.argv.slice(2);
  if (area === 'user' || area === 'token') return accountCommand(process.argv.slice(2));
  if (area === 'enrollment-token')
    return (await import('./enrollment-token-command.ts')).enrollmentTokenCli(process.argv.slice(3));
  let command: ReturnType<typeof parseCliArgs>;
  try {
    command = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `plantwatch-console: ${error.message}\nRun "plantwatch-console --help" for usage.\n`,
    );
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command.kind === 'version') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }

  if (command.kind === 'audit-verify') {
    const { runAuditVerify } = await import('./audit-verify-command.ts');
    return runAuditVerify(command.dataDir);
  }

  let settings: Record<string, unknown> | undefined;
  if (command.configFile !== undefined) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(command.configFile, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('expected a JSON object');
      settings = parsed as Record<string, unknown>;
    } catch (error) {
      process.stderr.write(`plantwatch-console: --config ${command.configFile}: ${errorMessage(error)}\n`);
      return 2;
    }
  }

  const logger = createLogger({ name: 'console', level: command.logLevel });
  const options = { ...command.options, ...(settings ? { settings } : {}) };
  let handle: ConsoleHandle;
  try {
    // Loaded here so that --help and option errors answer without loading the whole console.
    const { createConsole } = await import('./server.ts');
    handle = await createConsole({ ...options, logger });
  } catch (error) {
    logger.fatal({ err: error }, 'console failed to start');
    process.stderr.write(`plantwatch-console: ${errorMessage(error)}\n`);
    return 1;
  }
  if (handle.firstAdmin !== undefined) {
    process.stdout.write(
      `First start: sign in as "${handle.firstAdmin.username}" with the one-time password ${handle.firstAdmin.oneTimePassword}\n`,
    );
  }
  process.stdout.write(
    `Plantwatch console: ${handle.httpUrl}  (MQTT for agents: ${handle.mqttUrl}, data: ${options.dataDir})\n`,
  );
  if (handle.mqttCa !== null) {
    // A technician compares it with what `plantwatch-agent enroll` prints (or pins it there).
    process.stdout.write(`Broker CA fingerprint (SHA-256): ${handle.mqttCa.fingerprint}\n`);
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl-C: the user does not want to wait for a clean shutdown.
        resolve(130);
        return;
      }
      stopping = true;
      logger.info({ signal }, 'stopping');
      handle.close().then(
        () => resolve(0),
        (error: unknown) => {
          logger.error({ err: error }, 'console did not stop cleanly');
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

process.exit(await main());

async function accountCommand(argv: string[]): Promise<number> {
  let parsed: AccountArgs;
  try {
    parsed = parseAccountArgs(argv);
  } catch (error) {
    process.stderr.write(
      `plantwatch-console: ${errorMessage(error)}\nRun "plantwatch-console --help" for usage.\n`,
    );
    return 2;
  }
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { runAccountCommand } = await import('./accounts-command.ts');
  if (parsed.kind === 'user-add' && parsed.passwordFromStdin === true) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const password = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    return runAccountCommand({ ...parsed, input: { ...parsed.input, password } });
  }
  return runAccountCommand(parsed);
}
