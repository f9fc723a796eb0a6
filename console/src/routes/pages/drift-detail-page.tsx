/** @jsxImportSource hono/jsx */
import type { TrackedState } from '@plantwatch/protocol';
import { Hono } from 'hono';
import { decisionInputSchema, resolutionInputSchema } from '../../governance/inputs.ts';
import type { DriftRecordDetail } from '../../services/governance/drift-record-views.ts';
import type { ConsoleServices } from '../../services/index.ts';
import { requireVisibleRecord, visibleRecord } from '../api/drift.ts';
import { requireAllowed } from '../api/mutations.ts';
import { idParams, parseParams } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { ChangeList, EmptyState, Time } from './components.tsx';
import { DriftStateBadge, SeverityBadge, Subject } from './drift-components.tsx';
import { CsrfField, Notice } from './form-fields.tsx';
import { driftPath, formatChangeValue, shortFingerprint, sitePath } from './format.ts';
import { parseForm, seeOther } from './forms.ts';
import { Layout } from './layout.tsx';

const DONE: Record<string, string> = {
  approved: 'Approved. The baseline now includes this change.',
  unauthorized: 'Marked unauthorized. It stays flagged until it is resolved.',
  resolved: 'Resolved.',
};

export function createDriftDetailPage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/:id', (c) => {
      const record = visibleRecord(services, scopeOf(c), parseParams(c, idParams).id);
      return c.html(<DriftDetailPage record={record} done={c.req.query('done')} />);
    })
    .post('/:id/decision', async (c) => {
      const { id } = parseParams(c, idParams);
      requireVisibleRecord(services, requireAllowed(c, 'decide').sites, id);
      const { actor, input } = await parseForm(c, decisionInputSchema);
      const decided = services.decisions.decide(id, input, actor);
      return seeOther(c, `${driftPath(id)}?done=${decided.state}`);
    })
    .post('/:id/resolve', async (c) => {
      const { id } = parseParams(c, idParams);
      requireVisibleRecord(services, requireAllowed(c, 'decide').sites, id);
      const { actor, input } = await parseForm(c, resolutionInputSchema);
      services.decisions.resolve(id, input.note, actor);
      return seeOther(c, `${driftPath(id)}?done=resolved`);
    });
}

function DriftDetailPage({ record, done }: { record: DriftRecordDetail; done: string | undefined }) {
  return (
    <Layout title={`Drift ${record.id}`} nav="drift">
      <p class="crumbs">
        <a href="/drift">Drift</a> / {record.id}
      </p>
      <h1>
        Drift {record.id}: {record.class} <SeverityBadge severity={record.severity} />{' '}
        <DriftStateBadge state={record.state} cleared={record.clearedAt !== null} />
      </h1>
      <Notice code={done} messages={DONE} />
      <dl class="facts">
        <dt>Site</dt>
        <dd>
          <a href={sitePath(record.siteId)}>{record.siteId}</a>
        </dd>
        <dt>Subject</dt>
        <dd>
          <Subject record={record} /> (agent {record.agentId})
        </dd>
        <dt>Detected</dt>
        <dd>
          <Time iso={record.detectedAt} />, last seen <Time iso={record.lastDetectedAt} />
        </dd>
        {record.clearedAt ? (
          <>
            <dt>Cleared</dt>
            <dd>
              <Time iso={record.clearedAt} /> (the condition ended by itself; a decision is still needed)
            </dd>
          </>
        ) : null}
        {record.changeWindow ? (
          <>
            <dt>Change window</dt>
            <dd>
              <a href={`/change-windows#window-${record.changeWindow.id}`}>#{record.changeWindow.id}</a>{' '}
              ticket {record.changeWindow.ticket}, owner {record.changeWindow.owner}
            </dd>
          </>
        ) : null}
        <Decision record={record} />
      </dl>

      <DecisionForms record={record} />

      <h2>Changes</h2>
      <ChangeList changes={record.changes} full />
      {record.ignoredChanges.length > 0 ? (
        <p class="muted">
          {record.ignoredChanges.length} more changes were filtered out by ignore rules (
          {[...new Set(record.ignoredChanges.map((change) => `#${change.ruleId}`))].join(', ')}).
        </p>
      ) : null}

      {record.baselineState && record.currentState ? (
        <>
          <h2>Baseline and observed configuration</h2>
          <p class="muted">
            Baseline <code>{shortFingerprint(record.baselineFingerprint)}</code>, observed{' '}
            <code>{shortFingerprint(record.currentFingerprint)}</code>. Changed rows are highlighted.
          </p>
          <SideBySide before={record.baselineState} after={record.currentState} />
        </>
      ) : null}

      <h2>Agent-reported change events</h2>
      {record.agentEvents.length === 0 ? (
        <EmptyState>No change event from the agent is linked to this record.</EmptyState>
      ) : (
        record.agentEvents.map((event) => (
          <section class="drift-event">
            <h3>
              <Time iso={event.detectedAt} /> (seq {event.seq})
            </h3>
            <ChangeList changes={event.changes} full />
          </section>
        ))
      )}
    </Layout>
  );
}

function DecisionForms({ record }: { record: DriftRecordDetail }) {
  const action = driftPath(record.id);
  if (record.state === 'open' || record.state === 'planned') {
    return (
      <>
        <h2>Decide</h2>
        <p class="muted">
          Approve an authorized change (a change ticket and a comment are required; a configuration change
          then becomes the new baseline), or mark it unauthorized to open an incident.
        </p>
        <form method="post" action={`${action}/decision`} class="decide">
          <CsrfField />
          <label for="ticket">Change ticket</label>
          <input
            id="ticket"
            name="ticket"
            maxlength={128}
            value={record.changeWindow?.ticket ?? ''}
            placeholder={record.changeWindow ? undefined : 'e.g. CHG-1001'}
          />
          <label for="comment">Comment</label>
          <textarea id="comment" name="comment" required maxlength={2000} />
          {record.currentFingerprint ? (
            <input type="hidden" name="expectedFingerprint" value={record.currentFingerprint} />
          ) : null}
          <span />
          <span class="actions">
            <button type="submit" name="decision" value="approve">
              Approve
            </button>
            <button type="submit" name="decision" value="unauthorized">
              Mark unauthorized
            </button>
          </span>
        </form>
      </>
    );
  }
  if (record.state === 'unauthorized') {
    return (
      <>
        <h2>Resolve the incident</h2>
        <form method="post" action={`${action}/resolve`} class="decide">
          <CsrfField />
          <label for="note">Resolution</label>
          <textarea id="note" name="note" required maxlength={2000} />
          <span />
          <button type="submit">Resolve</button>
        </form>
      </>
    );
  }
  return null;
}

function Decision({ record }: { record: DriftRecordDetail }) {
  if (record.decidedAt === null) return null;
  return (
    <>
      <dt>Decision</dt>
      <dd>
        {record.state === 'approved' ? 'approved' : 'unauthorized'} by {record.decidedBy} on{' '}
        <Time iso={record.decidedAt} />
        {record.ticket ? `, ticket ${record.ticket}` : ''}
      </dd>
      <dt>Comment</dt>
      <dd>{record.comment}</dd>
      {record.resolvedAt ? (
        <>
          <dt>Resolved</dt>
          <dd>
            by {record.resolvedBy} on <Time iso={record.resolvedAt} />: {record.resolutionNote}
          </dd>
        </>
      ) : null}
    </>
  );
}

/** Every tracked path with its baseline and observed value; differing rows are marked. */
function SideBySide({ before, after }: { before: TrackedState; after: TrackedState }) {
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const shown = (state: TrackedState, path: string) =>
    Object.hasOwn(state, path) ? formatChangeValue(state[path] ?? null) : '(absent)';
  return (
    <table>
      <thead>
        <tr>
          <th>Path</th>
          <th>Baseline</th>
          <th>Observed</th>
        </tr>
      </thead>
      <tbody>
        {paths.map((path) => {
          const left = shown(before, path);
          const right = shown(after, path);
          return (
            <tr class={left === right ? undefined : 'changed'}>
              <td>
                <code>{path}</code>
              </td>
              <td>
                <code>{left}</code>
              </td>
              <td>
                <code>{right}</code>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
