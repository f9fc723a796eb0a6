import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { issueApiToken } from '@plantwatch/console';
import { binOf, type Child, startChild } from './processes.ts';

export interface ConsoleProcess {
  child: Child;
  httpUrl: string;
  mqttUrl: string;
  dataDir: string;
  json<T>(pathAndQuery: string): Promise<T>;
}

/** The real `plantwatch-console` binary on free ports with a fresh data directory. */
export async function startConsoleProcess(): Promise<ConsoleProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'plantwatch-bench-console-'));
  const child = startChild(binOf('@plantwatch/console', 'plantwatch-console.js'), [
    '--data-dir',
    dataDir,
    '--port',
    '0',
    '--mqtt-port',
    '0',
    // The simulated fleet is not enrolled: development mode.
    '--allow-anonymous-agents',
    '--mqtt-insecure-tcp',
    '--log-level',
    'warn',
  ]);
  const ready = await child.line(/^Plantwatch console: /);
  const httpUrl = /(http:\/\/\S+)/.exec(ready)?.[1] as string;
  const mqttUrl = /(mqtt:\/\/[^\s,)]+)/.exec(ready)?.[1] as string;
  const auth = { Authorization: `Bearer ${issueApiToken(dataDir, { name: 'bench', role: 'viewer' })}` };
  return {
    child,
    httpUrl,
    mqttUrl,
    dataDir,
    async json<T>(pathAndQuery: string): Promise<T> {
      const response = await fetch(`${httpUrl}${pathAndQuery}`, { headers: auth });
      if (!response.ok) throw new Error(`${pathAndQuery}: HTTP ${response.status}`);
      return (await response.json()) as T;
    },
  };
}
