/** @jsxImportSource hono/jsx */
import type { AgentSort, AgentView, SortDirection } from '../../services/views.ts';
import { Age, AgentStateBadge, Count, Coverage, SortHeader, Time } from './components.tsx';
import { sitePath } from './format.ts';
import { ClockSkew, Outbox } from './health-cells.tsx';

/** An agent's newest successful poll older than this is marked stale. */
const STALE_POLL_MS = 15 * 60_000;

export interface AgentTableProps {
  agents: AgentView[];
  showSite?: boolean;
  /** Sortable headers when given: the current sort and the list's URL for another. */
  sorting?: { sort: AgentSort; dir: SortDirection; href: (sort: AgentSort, dir: SortDirection) => string };
}

/**
 * Agents with their health: state, version, last contact, targets, failing polls, coverage and
 * newest successful poll, and from their last status the outbox and the clock.
 */
export function AgentTable({ agents, showSite = true, sorting }: AgentTableProps) {
  const header = (label: string, sortKey: AgentSort, numeric = false) =>
    sorting ? (
      <SortHeader
        label={label}
        sortKey={sortKey}
        sort={sorting.sort}
        dir={sorting.dir}
        firstDir={numeric ? 'desc' : 'asc'}
        numeric={numeric}
        href={sorting.href}
      />
    ) : (
      <th class={numeric ? 'num' : undefined}>{label}</th>
    );
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            {showSite ? header('Site', 'site') : null}
            {header('Agent', 'agent')}
            {header('State', 'state')}
            {header('Version', 'version')}
            {header('Last seen', 'lastSeen')}
            <th>Started</th>
            {header('Targets', 'targets', true)}
            {header('Failing polls', 'pollErrors', true)}
            <th class="num">Covered</th>
            <th>Newest poll</th>
            {header('Outbox', 'outbox', true)}
            {header('Clock', 'clockSkew', true)}
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => (
            <tr>
              {showSite ? (
                <td class="name">
                  <a href={sitePath(agent.siteId)}>{agent.siteId}</a>
                </td>
              ) : null}
              <td class="name">{agent.agentId}</td>
              <td>
                <AgentStateBadge state={agent.state} />
              </td>
              <td class="name">{agent.agentVersion ?? <span class="muted">no status yet</span>}</td>
              <td>
                <Time iso={agent.lastSeenAt} />
              </td>
              <td>
                <Time iso={agent.startedAt} />
              </td>
              <td class="num">
                {agent.targetCount ?? '—'}
                {agent.targetCount !== null && agent.assetCount !== agent.targetCount ? (
                  <span class="muted" title="assets this agent has reported">
                    {' '}
                    ({agent.assetCount} reported)
                  </span>
                ) : null}
              </td>
              <td class="num">
                <Count value={agent.failingTargets} />
              </td>
              <td class="num">
                <Coverage covered={agent.coveredTargets} configured={agent.targetCount ?? agent.assetCount} />
              </td>
              <td>
                <Age ms={agent.newestPollAgeMs} iso={agent.newestPollAt} staleAfterMs={STALE_POLL_MS} />
              </td>
              <td class="num">
                <Outbox
                  depth={agent.outboxDepth}
                  bytes={agent.outboxBytes}
                  oldestAgeMs={agent.outboxOldestAgeMs}
                  dropped={agent.outboxDropped}
                />
              </td>
              <td class="num">
                <ClockSkew ms={agent.clockSkewMs} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
