import { issueApiToken } from '@plantwatch/console';

/** Console data dirs by HTTP origin, so that API calls can authenticate with a token of that console. */
const dataDirs = new Map<string, string>();
const tokens = new Map<string, string>();

/** Call after starting a console: its API calls from the tests then carry an admin API token. */
export function registerConsole(httpUrl: string, consoleDataDir: string): void {
  dataDirs.set(new URL(httpUrl).origin, consoleDataDir);
}

/**
 * An `Authorization` header for an admin API token named `name` of the console at `baseUrl`,
 * created once in its database (the audit log records the actor as `token:<name>`).
 */
export function apiAuth(baseUrl: string, name = 'e2e'): Record<string, string> {
  const origin = new URL(baseUrl).origin;
  const key = `${origin} ${name}`;
  let token = tokens.get(key);
  if (token === undefined) {
    const dataDir = dataDirs.get(origin);
    if (dataDir === undefined) throw new Error(`no console registered at ${origin}: call registerConsole()`);
    token = issueApiToken(dataDir, { name, role: 'admin' });
    tokens.set(key, token);
  }
  return { Authorization: `Bearer ${token}` };
}

/** GET a console JSON API path and return the parsed body; throws on a non-2xx status. */
export async function getJson<T = unknown>(baseUrl: string, pathAndQuery: string): Promise<T> {
  const response = await fetch(new URL(pathAndQuery, baseUrl), { headers: apiAuth(baseUrl) });
  if (!response.ok) throw new Error(`GET ${pathAndQuery}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
