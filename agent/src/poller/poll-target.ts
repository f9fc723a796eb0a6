import {
  type AssetSnapshot,
  assetSnapshotSchema,
  fingerprintState,
  formatIssues,
  LIMITS,
  trackedState,
} from '@plantwatch/protocol';
import { errorMessage, isPlantwatchError, type Logger } from '@plantwatch/shared';
import { collectorFor, type TargetConfig } from '../collectors/registry.ts';

/**
 * Polls one target once and always returns a snapshot: a device that fails is reported in the
 * snapshot's poll outcome, and the agent goes on with the next target.
 */
export async function pollTarget(
  target: TargetConfig,
  logger: Logger,
  signal: AbortSignal,
): Promise<AssetSnapshot> {
  const started = new Date();
  const startedMs = performance.now();
  const base = {
    assetId: target.id,
    protocol: target.protocol,
    host: target.host,
    port: target.port,
    ...('unitId' in target ? { unitId: target.unitId } : {}),
  };
  const outcome = (ok: boolean, requestCount: number) => ({
    ok,
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - startedMs),
    requestCount,
  });
  try {
    const reading = await collectorFor(target).collect(target, { logger, signal });
    const snapshot: AssetSnapshot = {
      ...base,
      identity: reading.identity,
      values: reading.values,
      fingerprint: fingerprintState(trackedState(reading)),
      poll: outcome(true, reading.requestCount),
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
      poll: { ...outcome(false, 0), error: { code, message } },
    };
  }
}
