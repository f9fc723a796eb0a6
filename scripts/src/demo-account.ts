import { randomBytes } from 'node:crypto';
import { addUser } from '@plantwatch/console';

export interface DemoAccount {
  username: string;
  /** Undefined when the account was kept from an earlier run (--keep-data). */
  password: string | undefined;
}

/**
 * The demo's sign-in: an admin `demo` with a password made up for this run (never a fixed one),
 * printed with the demo's URL. With a kept data dir the account exists already and keeps its password.
 */
export async function createDemoAccount(consoleDataDir: string): Promise<DemoAccount> {
  const password = randomBytes(12).toString('base64url');
  try {
    await addUser(consoleDataDir, { username: 'demo', role: 'admin', password });
    return { username: 'demo', password };
  } catch (error) {
    if ((error as { code?: string }).code === 'conflict') return { username: 'demo', password: undefined };
    throw error;
  }
}

export function describeDemoAccount(account: DemoAccount): string {
  return account.password === undefined
    ? `  Sign in as "${account.username}" with the password of the earlier run (kept data)\n`
    : `  Sign in as "${account.username}" with the password ${account.password}\n`;
}
