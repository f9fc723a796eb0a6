import { errorMessage, PlantwatchError } from '@plantwatch/shared';
import type { z } from 'zod';
import { openDatabase } from './db/client.ts';
import {
  type ApiTokenInput,
  apiTokenInputSchema,
  type UserInput,
  userInputSchema,
} from './services/accounts/account-inputs.ts';
import { createApiTokenService } from './services/accounts/api-token-service.ts';
import { type CreatedUser, createUserService } from './services/accounts/user-service.ts';
import { invalidInput } from './services/query-errors.ts';

/**
 * Accounts from the command line, for the first admin and for automation: the database is opened
 * (and migrated) directly, so it works whether or not the console is running (SQLite in WAL mode
 * lets both write). The actor in the audit log is `cli`.
 */

function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

export async function addUser(dataDir: string, input: z.input<typeof userInputSchema>): Promise<CreatedUser> {
  const parsed: UserInput = parseInput(userInputSchema, input);
  const database = openDatabase(dataDir);
  try {
    return await createUserService(database.db, { now: () => new Date() }).create(parsed, 'cli');
  } finally {
    database.close();
  }
}

/** Creates an API token in the console's database and returns its secret (shown once). */
export function issueApiToken(dataDir: string, input: z.input<typeof apiTokenInputSchema>): string {
  const parsed: ApiTokenInput = parseInput(apiTokenInputSchema, input);
  const database = openDatabase(dataDir);
  try {
    return createApiTokenService(database.db, { now: () => new Date() }).create(parsed, 'cli').token;
  } finally {
    database.close();
  }
}

export type AccountCommand =
  | { kind: 'user-add'; dataDir: string; input: z.input<typeof userInputSchema> }
  | { kind: 'token-create'; dataDir: string; input: z.input<typeof apiTokenInputSchema> };

export async function runAccountCommand(command: AccountCommand): Promise<number> {
  try {
    if (command.kind === 'user-add') {
      const { user, oneTimePassword } = await addUser(command.dataDir, command.input);
      const sites = user.sites === null ? 'every site' : user.sites.join(', ');
      process.stdout.write(`created ${user.role} "${user.username}" for ${sites}\n`);
      if (oneTimePassword !== undefined) {
        process.stdout.write(`one-time password: ${oneTimePassword}\n(to be changed at first sign-in)\n`);
      }
      return 0;
    }
    process.stdout.write(`${issueApiToken(command.dataDir, command.input)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`plantwatch-console: ${errorMessage(error)}\n`);
    return error instanceof PlantwatchError && error.kind === 'client' ? 2 : 1;
  }
}
