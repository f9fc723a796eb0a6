import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrackedState } from '@plantwatch/protocol';

/**
 * What the agent must remember across restarts, kept in its data directory:
 *
 * - `seq`: the last message sequence number used. It is written (synchronously, before the message
 *   with that number leaves) so that numbers never repeat after a crash: the console ingests by
 *   `(agentId, seq)` and would drop a reused number as a duplicate.
 * - `assets.json`: the last tracked state and fingerprint of every asset, so drift that happens
 *   while the agent is down is still detected at the next poll.
 *
 * Files are replaced atomically (write to a temporary file, then rename).
 */
export interface AssetMemory {
  fingerprint: string;
  state: TrackedState;
  observedAt: string;
}

export interface AgentState {
  nextSeq(): number;
  lastAsset(assetId: string): AssetMemory | undefined;
  rememberAsset(assetId: string, memory: AssetMemory): void;
}

export function openAgentState(dataDir: string): AgentState {
  mkdirSync(dataDir, { recursive: true });
  const seqFile = path.join(dataDir, 'seq');
  const assetsFile = path.join(dataDir, 'assets.json');
  let seq = readJson<number>(seqFile, 0);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`${seqFile} holds no valid sequence number`);
  const assets = new Map(Object.entries(readJson<Record<string, AssetMemory>>(assetsFile, {})));

  return {
    nextSeq() {
      seq += 1;
      writeAtomic(seqFile, String(seq));
      return seq;
    },
    lastAsset: (assetId) => assets.get(assetId),
    rememberAsset(assetId, memory) {
      assets.set(assetId, memory);
      writeAtomic(assetsFile, JSON.stringify(Object.fromEntries(assets)));
    },
  };
}

function readJson<T>(file: string, fallback: T): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
  return JSON.parse(text) as T;
}

function writeAtomic(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}
