/** @jsxImportSource hono/jsx */
import { formatAge } from './components.tsx';

/**
 * A clock further off than this is marked: drift and poll times come from the agent's clock. The
 * figure includes the message's transit time, normally milliseconds.
 */
export const CLOCK_SKEW_ALERT_MS = 10_000;
/** An outbox whose oldest message waited longer than this is not draining: marked. */
export const OUTBOX_STUCK_MS = 5 * 60_000;

/** An agent's clock against the console's: `+3 s ahead`, `2 min behind`. */
export function ClockSkew({ ms }: { ms: number | null }) {
  if (ms === null) return <span class="muted">—</span>;
  const abs = Math.abs(ms);
  if (abs < 1_000) return <span>in sync</span>;
  return (
    <span class={abs > CLOCK_SKEW_ALERT_MS ? 'alert' : undefined} title={`${ms} ms`}>
      {formatAge(abs)} {ms > 0 ? 'ahead' : 'behind'}
    </span>
  );
}

export interface OutboxProps {
  depth: number | null;
  bytes?: number | null;
  oldestAgeMs?: number | null;
  dropped?: number | null;
}

/** What waits in an agent's store-and-forward queue, marked when it is stuck or has dropped. */
export function Outbox({ depth, bytes = null, oldestAgeMs = null, dropped = null }: OutboxProps) {
  if (depth === null) return <span class="muted">—</span>;
  const stuck = oldestAgeMs !== null && oldestAgeMs > OUTBOX_STUCK_MS;
  const title = bytes === null ? undefined : `${bytes} bytes waiting`;
  return (
    <span title={title}>
      <span class={stuck ? 'alert' : undefined}>{depth}</span>
      {depth > 0 && oldestAgeMs !== null ? (
        <span class="muted"> (oldest {formatAge(oldestAgeMs)})</span>
      ) : null}
      {dropped !== null && dropped > 0 ? <span class="alert"> {dropped} dropped</span> : null}
    </span>
  );
}
