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
