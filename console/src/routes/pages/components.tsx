/** @jsxImportSource hono/jsx */
import type { PollOutcome, ValueChange } from '@plantwatch/protocol';
import type { Child } from 'hono/jsx';
import type { AgentState } from '../../states.ts';
import { formatChangeValue, formatTime } from './format.ts';

export function Time({ iso }: { iso: string | null }) {
  if (iso === null) return <span class="muted">—</span>;
  return <time datetime={iso}>{formatTime(iso)}</time>;
}

export function EmptyState({ children }: { children?: Child }) {
  return <p class="empty">{children}</p>;
}

export function AgentStateBadge({ state }: { state: AgentState }) {
  const tone = state === 'online' ? 'ok' : state === 'offline' ? 'bad' : 'muted';
  return <span class={`badge ${tone}`}>{state}</span>;
}

export function PollBadge({ poll }: { poll: PollOutcome }) {
  if (poll.ok) return <span class="badge ok">ok</span>;
  return (
    <span class="badge bad" title={poll.error?.message}>
      failed{poll.error ? `: ${poll.error.code}` : ''}
    </span>
  );
}

export interface PagerProps {
  total: number;
  limit: number;
  offset: number;
  /** The link to the page starting at `offset`. */
  href: (offset: number) => string;
}

/** "Showing 1–100 of 340" with previous and next links; nothing when everything fits on one page. */
export function Pager({ total, limit, offset, href }: PagerProps) {
  if (total <= limit && offset === 0) return null;
  const last = Math.min(offset + limit, total);
  return (
    <nav class="pager" aria-label="pages">
      <span>
        Showing {total === 0 ? 0 : offset + 1}–{last} of {total}
      </span>
      {offset > 0 ? <a href={href(Math.max(0, offset - limit))}>Previous</a> : null}
      {last < total ? <a href={href(offset + limit)}>Next</a> : null}
    </nav>
  );
}

const CHANGES_SHOWN = 5;

/** The changes of one drift event, in full or cut to the first few. */
export function ChangeList({ changes, full = false }: { changes: ValueChange[]; full?: boolean }) {
  const shown = full ? changes : changes.slice(0, CHANGES_SHOWN);
  return (
    <table class="changes">
      <thead>
        <tr>
          <th>Path</th>
          <th>Change</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((change) => (
          <tr>
            <td>
              <code>{change.path}</code>
            </td>
            <td>{change.change}</td>
            <td>
              <code>{change.change === 'added' ? '' : formatChangeValue(change.before)}</code>
            </td>
            <td>
              <code>{change.change === 'removed' ? '' : formatChangeValue(change.after)}</code>
            </td>
          </tr>
        ))}
        {shown.length < changes.length ? (
          <tr>
            <td colspan={4} class="muted">
              and {changes.length - shown.length} more
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

export interface SortHeaderProps<K extends string> {
  label: string;
  sortKey: K;
  /** The list's current sort. */
  sort: K;
  dir: 'asc' | 'desc';
  /** The direction of the first click: descending for counts, where the largest matter most. */
  firstDir?: 'asc' | 'desc';
  numeric?: boolean;
  /** The list's URL sorted by a key in a direction (back to the first page). */
  href: (sort: K, dir: 'asc' | 'desc') => string;
}

/** A column header that sorts the list by its column; a second click reverses the order. */
export function SortHeader<K extends string>(props: SortHeaderProps<K>) {
  const { label, sortKey, sort, dir, firstDir = 'asc', numeric = false, href } = props;
  const active = sort === sortKey;
  const next = active ? (dir === 'asc' ? 'desc' : 'asc') : firstDir;
  return (
    <th
      class={numeric ? 'num' : undefined}
      aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <a href={href(sortKey, next)} class="sort">
        {label}
        {active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </a>
    </th>
  );
}

/** A duration as a person reads it at a glance: `40 s`, `12 min`, `3 h`, `5 d`. */
export function formatAge(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

/** How long ago something happened, with the exact time on hover; `stale` marks it as a problem. */
export function Age({
  ms,
  iso,
  staleAfterMs,
}: {
  ms: number | null;
  iso: string | null;
  staleAfterMs?: number;
}) {
  if (ms === null || iso === null) return <span class="muted">never</span>;
  const stale = staleAfterMs !== undefined && ms > staleAfterMs;
  return (
    <time datetime={iso} title={formatTime(iso)} class={stale ? 'alert' : undefined}>
      {formatAge(ms)} ago
    </time>
  );
}

/** Targets polled successfully recently out of targets configured, as `12 / 14 (86%)`. */
export function Coverage({ covered, configured }: { covered: number; configured: number }) {
  if (configured === 0) return <span class="muted">no targets</span>;
  const percent = Math.min(100, Math.round((covered / configured) * 100));
  return (
    <span class={percent < 100 ? 'alert' : undefined}>
      {covered} / {configured} ({percent}%)
    </span>
  );
}

/** A number that is a problem when above zero. */
export function Count({ value }: { value: number }) {
  return <span class={value > 0 ? 'alert' : undefined}>{value}</span>;
}
