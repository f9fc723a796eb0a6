/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ConsoleServices } from '../../services/index.ts';
import type { SequenceGaps } from '../../services/sequence-gaps.ts';
import type {
  AgentSiteHealth,
  AgentSort,
  AgentVersionCount,
  AgentView,
  Page,
  SortDirection,
} from '../../services/views.ts';
import { AGENT_STATES } from '../../states.ts';
import { parseQuery } from '../api/params.ts';
import { agentQuery } from '../api/view-params.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { AgentTable } from './agent-table.tsx';
import { Age, Count, Coverage, EmptyState, Pager, Time } from './components.tsx';
import { hrefWith, sitePath } from './format.ts';
import { ClockSkew, Outbox } from './health-cells.tsx';
import { Layout } from './layout.tsx';
import { SequenceGapNotice } from './sequence-gap-notice.tsx';

const ROLLUP_PAGE = 20;

const agentsPageQuery = agentQuery.extend({
  /** The per-site rollup is paged on its own. */
  rollupOffset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
});
type AgentsPageQuery = z.output<typeof agentsPageQuery>;

export function createAgentsPage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => {
    const scope = scopeOf(c);
    const query = parseQuery(c, agentsPageQuery);
    const { siteId, state, version, rollupOffset, ...page } = query;
    const agents = services.agents.list(scope, { siteId, state, agentVersion: version }, page);
    return c.html(
      <AgentsPage
        query={query}
        agents={agents}
        gaps={services.sequenceGaps.forAgents(agents.items)}
        rollup={services.agents.siteHealth(scope, { limit: ROLLUP_PAGE, offset: rollupOffset })}
        versions={services.agents.versions(scope)}
      />,
    );
  });
}

interface AgentsPageProps {
  query: AgentsPageQuery;
  agents: Page<AgentView>;
  rollup: Page<AgentSiteHealth>;
  versions: AgentVersionCount[];
  gaps: Record<string, SequenceGaps>;
}

function AgentsPage({ query, agents, rollup, versions, gaps }: AgentsPageProps) {
  const { siteId, state, version, sort, dir, limit, offset, rollupOffset } = query;
  const filter = { siteId, state, version };
  const href = (changes: Record<string, string | number | undefined>) =>
    hrefWith('/agents', { ...filter, sort, dir, limit, ...changes });
  return (
    <Layout title="Agents" nav="agents">
      <h1>Agents</h1>
      <p class="muted">
        Outbox and clock are from each agent's last status (a heartbeat every minute or so): messages waiting
        to reach the console, and the agent's clock against the console's. Covered: targets whose last poll
        succeeded in the last few minutes.
      </p>
      <SequenceGapNotice agents={agents.items} gaps={gaps} />

      <h2>Versions</h2>
      {versions.length === 0 ? (
        <EmptyState>No agent has reported yet.</EmptyState>
      ) : (
        <ul class="chips">
          {versions.map((row) => (
            <li>
              <a href={hrefWith('/agents', { version: row.agentVersion ?? undefined })}>
                {row.agentVersion ?? 'unknown'}
              </a>
              : {row.agents}
            </li>
          ))}
        </ul>
      )}

      <h2>Health per site</h2>
      <RollupTable rollup={rollup} />
      <Pager
        total={rollup.total}
        limit={ROLLUP_PAGE}
        offset={rollupOffset}
        href={(next) => href({ offset, rollupOffset: next })}
      />

      <h2>Every agent</h2>
      <form method="get" action="/agents" class="filter">
        <label>
          Site <input name="siteId" value={siteId ?? ''} maxlength={64} size={14} />
        </label>
        <label>
          State{' '}
          <select name="state">
            <option value="">any</option>
            {AGENT_STATES.map((option) => (
              <option value={option} selected={option === state}>
                {option}
              </option>
            ))}
          </select>
        </label>
        <label>
          Version <input name="version" value={version ?? ''} maxlength={128} size={10} />
        </label>
        <input type="hidden" name="sort" value={sort} />
        <input type="hidden" name="dir" value={dir} />
        <button type="submit">Filter</button>
        <a href="/agents">Clear</a>
      </form>
      {agents.total === 0 ? (
        <EmptyState>No agent matches.</EmptyState>
      ) : (
        <AgentTable
          agents={agents.items}
          sorting={{ sort, dir, href: (s: AgentSort, d: SortDirection) => href({ sort: s, dir: d }) }}
        />
      )}
      <Pager total={agents.total} limit={limit} offset={offset} href={(next) => href({ offset: next })} />
    </Layout>
  );
}

function RollupTable({ rollup }: { rollup: Page<AgentSiteHealth> }) {
  if (rollup.total === 0) return <EmptyState>No agent has reported yet.</EmptyState>;
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th>Site</th>
            <th class="num">Agents</th>
            <th class="num">Online</th>
            <th class="num">Offline</th>
            <th class="num">No status yet</th>
            <th class="num">Versions</th>
            <th class="num">Failing polls</th>
            <th class="num">Coverage</th>
            <th>Newest poll</th>
            <th class="num">Outbox</th>
            <th class="num">Worst clock</th>
            <th>Longest silent since</th>
          </tr>
        </thead>
        <tbody>
          {rollup.items.map((site) => (
            <tr>
              <td class="name">
                <a href={sitePath(site.siteId)}>{site.siteId}</a>
              </td>
              <td class="num">
                <a href={hrefWith('/agents', { siteId: site.siteId })}>{site.agentsTotal}</a>
              </td>
              <td class="num">{site.online}</td>
              <td class="num">
                <Count value={site.offline} />
              </td>
              <td class="num">{site.unknown}</td>
              <td class="num">{site.versions}</td>
              <td class="num">
                <Count value={site.failingTargets} />
              </td>
              <td class="num">
                <Coverage covered={site.coveredTargets} configured={site.configuredTargets} />
              </td>
              <td>
                <Age ms={site.newestPollAgeMs} iso={site.newestPollAt} />
              </td>
              <td class="num">
                <Outbox depth={site.outboxDepth} oldestAgeMs={site.outboxOldestAgeMs} />
              </td>
              <td class="num">
                <ClockSkew ms={site.maxClockSkewMs} />
              </td>
              <td>
                <Time iso={site.oldestLastSeenAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
