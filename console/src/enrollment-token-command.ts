import os from 'node:os';
import { errorMessage } from '@plantwatch/shared';
import type { Principal } from './auth/principal.ts';
import { USAGE } from './cli-args.ts';
import { type EnrollmentTokenArgs, parseEnrollmentTokenArgs } from './cli-enrollment-args.ts';
import { openDatabase } from './db/client.ts';
import { createConsoleCore } from './services/index.ts';

/**
 * `plantwatch-console enrollment-token create ...`: for the person who runs the console host, who
 * has the database anyway; audited as `cli:<OS user>`. The token goes alone to standard output
 * (for scripts); what it is for goes to standard error.
 */
export async function enrollmentTokenCli(argv: string[]): Promise<number> {
  let args: EnrollmentTokenArgs;
  try {
    args = parseEnrollmentTokenArgs(argv);
  } catch (error) {
    process.stderr.write(
      `plantwatch-console: ${errorMessage(error)}\nRun "plantwatch-console --help" for usage.\n`,
    );
    return 2;
  }
  if (args.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let database: ReturnType<typeof openDatabase> | undefined;
  try {
    database = openDatabase(args.dataDir);
    const { services } = createConsoleCore({ db: database.db });
    const created = services.enrollment.createToken(args.input, cliPrincipal());
    process.stderr.write(
      `Enrollment token for site ${created.siteId} (owner ${created.owner}), usable once until ${created.expiresAt}.\n` +
        `On the gateway: plantwatch-agent enroll --console <console URL> --token <token>\n`,
    );
    process.stdout.write(`${created.token}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`plantwatch-console: cannot create the enrollment token: ${errorMessage(error)}\n`);
    return 1;
  } finally {
    database?.close();
  }
}

function cliPrincipal(): Principal {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (a container with an arbitrary uid): the audit log says so.
  }
  return { kind: 'user', id: 'cli', actor: `cli:${user}`, role: 'admin', sites: null };
}
