import type { AssetSnapshot } from '@plantwatch/protocol';
import type { Logger } from '@plantwatch/shared';
import { collectorFor, type TargetConfig } from './collectors/registry.ts';
import { createDeviceLocks, deviceKey } from './poller/device-locks.ts';
import { pollTarget } from './poller/poll-target.ts';
import { createDevicePacer } from './poller/request-gate.ts';

/** Polls every target once (one request stream per device, devices in parallel) without publishing. */
export async function scanTargets(
  targets: readonly TargetConfig[],
  logger: Logger,
  onProgress: (done: number, total: number, snapshot: AssetSnapshot) => void = () => {},
): Promise<AssetSnapshot[]> {
  const locks = createDeviceLocks();
  const pacer = createDevicePacer();
  const signal = new AbortController().signal;
  let done = 0;
  return Promise.all(
    targets.map((target) =>
      locks.run(deviceKey(target), async () => {
        const snapshot = await pollTarget(target, {
          logger: logger.child({ target: target.id }),
          signal,
          pacer,
        });
        done += 1;
        onProgress(done, targets.length, snapshot);
        return snapshot;
      }),
    ),
  );
}

/** What `scan --dry-run` prints: every request each target would be sent. */
export function planTargets(
  targets: readonly TargetConfig[],
): { target: string; address: string; requests: string[] }[] {
  return targets.map((target) => ({
    target: target.id,
    address: `${target.protocol}://${target.host}:${target.port}`,
    requests: collectorFor(target).plan(target),
  }));
}
