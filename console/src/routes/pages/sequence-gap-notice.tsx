/** @jsxImportSource hono/jsx */
import type { SequenceGaps } from '../../services/sequence-gaps.ts';
import type { AgentView } from '../../services/views.ts';

/**
 * The agents on this page whose sequence numbers have settled gaps: messages they sent that never
 * arrived (lost by an external broker, refused, or dropped by a full outbox). Nothing when none.
 */
export function SequenceGapNotice({
  agents,
  gaps,
}: {
  agents: AgentView[];
  gaps: Record<string, SequenceGaps>;
}) {
  const affected = agents.filter((agent) => (gaps[agent.agentId]?.missing ?? 0) > 0);
  if (affected.length === 0) return null;
  return (
    <section class="notice" id="sequence-gaps">
      <h2>Messages missing</h2>
      <p>
        These agents sent messages that never reached the console (a gap in their sequence numbers). Check the
        broker's logs and the agent's outbox figures.
      </p>
      <ul>
        {affected.map((agent) => {
          const agentGaps = gaps[agent.agentId] as SequenceGaps;
          return (
            <li>
              <strong>
                {agent.siteId}/{agent.agentId}
              </strong>
              : {agentGaps.missing} missing (
              {agentGaps.ranges
                .map((range) => (range.from === range.to ? `#${range.from}` : `#${range.from}–${range.to}`))
                .join(', ')}
              )
            </li>
          );
        })}
      </ul>
    </section>
  );
}
