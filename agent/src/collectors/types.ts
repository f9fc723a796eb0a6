import type { AssetSnapshot, Identity, Link, PointValue, TrackedState } from '@plantwatch/protocol';
import type { Logger } from '@plantwatch/shared';

/** What every target has, whatever its protocol (see `targetBaseShape`). */
export interface TargetBase {
  id: string;
  protocol: AssetSnapshot['protocol'];
  host: string;
  port: number;
  pollIntervalMs: number;
  timeoutMs: number;
  retries: number;
  minRequestGapMs: number;
}

/**
 * Every request a collector sends passes through the gate first. The gate keeps the device's
 * minimum gap between requests, throws when the poll has been cancelled, and records the request
 * (as one line, e.g. `modbus unit 1 FC 3 holding 100 x10`) in the poll's transcript.
 */
export interface RequestGate {
  before(request: string): Promise<void>;
}

export interface CollectContext {
  logger: Logger;
  signal: AbortSignal;
  gate: RequestGate;
  /** The tracked state of this asset's last successful poll, if the agent remembers one. */
  previous: TrackedState | undefined;
}

export interface Reading {
  identity: Identity;
  values: PointValue[];
  /** Hosts the device reports seeing (switch neighbour, forwarding and ARP tables). */
  links?: Link[];
  linksTruncated?: boolean;
}

/**
 * The contract every collector implements (after Telegraf's `Gather`). `collect` polls one target
 * once and either returns what it read or throws a PlantwatchError; it never writes to a device.
 */
export interface Collector<T extends TargetBase> {
  /** The requests `collect` would send, in transcript form, without sending anything. */
  plan(target: T): string[];
  collect(target: T, context: CollectContext): Promise<Reading>;
}
