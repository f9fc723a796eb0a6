import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface DemoEnrollment {
  consoleBin: string;
  agentBin: string;
  consoleDataDir: string;
  httpUrl: string;
  /** The broker CA's SHA-256 the console printed: `enroll` refuses an answer with another CA. */
  caFingerprint?: string | undefined;
}

/**
 * Enrolls a demo agent the way a technician does: a single-use token from the console's command
 * line, then `plantwatch-agent enroll` on the "gateway", which keeps its private key and receives
 * its MQTT credentials and the broker's CA (checked against the fingerprint the console printed).
 * The agent then connects over TLS and verifies the broker with that CA. Returns the identity
 * directory for the agent's config.
 */
export async function enrollDemoAgent(
  demo: DemoEnrollment,
  agent: { siteId: string; agentId: string; stateDir: string },
): Promise<string> {
  const identityDir = path.join(agent.stateDir, 'identity');
  // --keep-data: the agent enrolled in an earlier run keeps its identity.
  if (existsSync(path.join(identityDir, 'identity.json'))) return identityDir;
  const { stdout: token } = await run(process.execPath, [
    demo.consoleBin,
    'enrollment-token',
    'create',
    '--data-dir',
    demo.consoleDataDir,
    '--site',
    agent.siteId,
    '--owner',
    'Demo plant OT team',
    '--purpose',
    `gateway of ${agent.siteId}`,
    '--ttl-minutes',
    '5',
  ]);
  await run(process.execPath, [
    demo.agentBin,
    'enroll',
    '--console',
    demo.httpUrl,
    '--token',
    token.trim(),
    '--state-dir',
    agent.stateDir,
    '--agent-id',
    agent.agentId,
    ...(demo.caFingerprint === undefined ? [] : ['--ca-fingerprint', demo.caFingerprint]),
  ]);
  return identityDir;
}
