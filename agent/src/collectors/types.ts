import type { AssetSnapshot, Identity, PointValue } from '@plantwatch/protocol';
import type { Logger } from '@plantwatch/shared';

/** What every target has, whatever its protocol. */
export interface TargetBase {
  id: string;
  protocol: AssetSnapshot['protocol'];
  host: string;
  port: number;
  pollIntervalMs: number;
  timeoutMs: number;
}

/** One request as the agent sent it; `scan --dry-run` prints these and a later digest hashes them. */
export interface PlannedRequest {
  description: string;
}

export interface Reading {
  identity: Identity;
  values: PointValue[];
  requestCount: number;
}

/**
 * The contract every collector implements (after Telegraf's `Gather`). `collect` polls one target
 * once and either returns what it read or throws a PlantwatchError; it never writes to a device.
 */
export interface Collector<T extends TargetBase> {
  /** Requests `collect` would send, without sending anything. */
  plan(target: T): PlannedRequest[];
  collect(target: T, context: { logger: Logger; signal: AbortSignal }): Promise<Reading>;
}
