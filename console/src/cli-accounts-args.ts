import { parseArgs } from 'node:util';
import type { AccountCommand } from './accounts-command.ts';

export const ACCOUNT_USAGE = `  user add --username <name> --role <role> [--sites <a,b>] [--password-stdin]
                           add a user (role: admin, approver, technician or viewer; sites: the
                           site ids it may see, default every site); prints a one-time password
                           unless --password-stdin reads the password from standard input
  token create --name <name> --role <role> [--sites <a,b>] [--expires-days <n>]
                           create an API token for the JSON API and print it (shown once)
  (both take --data-dir <dir>, default ./data)`;

export type AccountArgs = { kind: 'help' } | (AccountCommand & { passwordFromStdin?: boolean });

/** `user add ...` and `token create ...`; throws an Error with a usage message on a mistake. */
export function parseAccountArgs(argv: string[]): AccountArgs {
  const [area, verb, ...rest] = argv;
  const expected = area === 'user' ? 'add' : 'create';
  if (verb !== expected)
    throw new Error(`unknown ${area} command "${verb ?? ''}": use "plantwatch-console ${area} ${expected}"`);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: false,
    options: {
      'data-dir': { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      sites: { type: 'string' },
      'expires-days': { type: 'string' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { kind: 'help' };
  const dataDir = values['data-dir'] ?? './data';
  if (dataDir === '') throw new Error('--data-dir must not be empty');
  if (values.role === undefined)
    throw new Error('--role is required (admin, approver, technician or viewer)');
  const sites = (values.sites ?? '')
    .split(',')
    .map((site) => site.trim())
    .filter((site) => site !== '');
  if (area === 'user') {
    if (values.username === undefined) throw new Error('--username is required');
    return {
      kind: 'user-add',
      dataDir,
      input: { username: values.username, role: values.role as never, sites },
      passwordFromStdin: values['password-stdin'] === true,
    };
  }
  if (values.name === undefined) throw new Error('--name is required');
  return {
    kind: 'token-create',
    dataDir,
    input: {
      name: values.name,
      role: values.role as never,
      sites,
      ...(values['expires-days'] === undefined ? {} : { expiresInDays: values['expires-days'] }),
    },
  };
}
