import {
  type AssetSnapshot,
  assetSnapshotSchema,
  buildTranscript,
  fingerprintState,
  formatIssues,
  LIMITS,
  type TrackedState,
  trackedState,
} from '@plantwatch/protocol';
import { errorMessage, isPlantwatchError, type Logger } from '@plantwatch/shared';
import { collectorFor, type TargetConfig } from '../collectors/registry.ts';
import { deviceKey } from './device-locks.ts';
import { createRequestGate, type DevicePacer } from './request-gate.ts';

export interface PollContext {
  logger: Logger;
  signal: AbortSignal;
  pacer: DevicePacer;
  previous?: TrackedState | undefined;
}

/**
 * Polls one target once and always returns a snapshot: a device that fails is reported in the
 * snapshot's poll outcome, and the agent goes on with the next target. The snapshot carries the
 * transcript of every request sent, successful or not.
 */
export async function pollTarget(target: TargetConfig, context: PollContext): Promise<AssetSnapshot> {
  const { logger, signal } = context;
  const started = new Date();
  const startedMs = performance.now();
  const gate = createRequestGate({
    deviceKey: deviceKey(target),
    minGapMs: target.minRequestGapMs,
    pacer: context.pacer,
    signal,
  });
  const base = {
    assetId: target.id,
    protocol: target.protocol,
    host: target.host,
    port: target.port,
    ...('unitId' in target ? { unitId: target.unitId } : {}),
  };
  const outcome = (ok: boolean) => ({
    ok,
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - startedMs),
    requestCount: gate.requests.length,
    transcript: buildTranscript(gate.requests),
  });
  try {
    const reading = await collectorFor(target).collect(target, {
      logger,
      signal,
      gate,
      previous: context.previous,
    });
    const snapshot: AssetSnapshot = {
      ...base,
      identity: reading.identity,
      values: reading.values,
      fingerprint: fingerprintState(trackedState(reading)),
      poll: outcome(true),
      ...(reading.links ? { links: reading.links.slice(0, LIMITS.linksPerAsset) } : {}),
      ...(reading.links && (reading.linksTruncated || reading.links.length > LIMITS.linksPerAsset)
        ? { linksTruncated: true }
        : {}),
    };
    // Device data is hostile: what we read must fit the contract before it goes anywhere.
    const checked = assetSnapshotSchema.safeParse(snapshot);
    if (!checked.success) {
      throw new Error(`device data does not fit the protocol: ${formatIssues(checked.error, 3).join('; ')}`);
    }
    return checked.data;
  } catch (error) {
    const code = isPlantwatchError(error) ? error.code : 'device_error';
    const message = errorMessage(error).slice(0, LIMITS.errorMessage);
    logger.warn({ err: message, code }, 'poll failed');
    return {
      ...base,
      identity: {},
      values: [],
      fingerprint: null,
      poll: { ...outcome(false), error: { code, message } },
    };
  }
}
