/**
 * Delay before retry `attempt` (0 for the first retry): exponential from `baseMs`, with full
 * "decorrelating" jitter between 50 % and 150 % so that devices that failed together (a switch
 * reboot) are not retried in lock-step, capped at `maxMs`.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = baseMs * 2 ** Math.max(0, attempt);
  return Math.round(Math.min(maxMs, exponential * (0.5 + random())));
}
