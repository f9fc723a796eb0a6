/** @jsxImportSource hono/jsx */
import type { DriftRecordState, Severity } from '../../governance/vocabulary.ts';
import type { DriftRecordView } from '../../services/governance/drift-record-views.ts';
import { ChangeList, Time } from './components.tsx';
import { assetPath, driftPath, sitePath } from './format.ts';

export function SeverityBadge({ severity }: { severity: Severity }) {
  const tone =
    severity === 'critical'
      ? 'sev-critical'
      : severity === 'high'
        ? 'bad'
        : severity === 'medium'
          ? 'warn'
          : 'muted';
  return <span class={`badge ${tone}`}>{severity}</span>;
}

export function DriftStateBadge({ state, cleared }: { state: DriftRecordState; cleared?: boolean }) {
  const tone = state === 'approved' || state === 'resolved' ? 'ok' : state === 'planned' ? 'warn' : 'bad';
  return (
    <>
      <span class={`badge ${tone}`}>{state}</span>
      {cleared ? (
        <span class="badge muted" title="the condition ended by itself; a decision is still needed">
          cleared
        </span>
      ) : null}
    </>
  );
}

/** A drift record's subject: the asset (linked) or, for an agent record, the agent. */
export function Subject({ record }: { record: DriftRecordView }) {
  if (record.assetId === null) return <span>agent {record.agentId}</span>;
  return <a href={assetPath(record.siteId, record.assetId)}>{record.assetId}</a>;
}

/**
 * The drift inbox table. With `selectable`, each undecided row has a checkbox named `id`, for the
 * bulk decision form that wraps the table.
 */
export function DriftRecordTable({
  records,
  selectable = false,
}: {
  records: DriftRecordView[];
  selectable?: boolean;
}) {
  return (
    <table>
      <thead>
        <tr>
          {selectable ? <th>Pick</th> : null}
          <th>Detected</th>
          <th>Site</th>
          <th>Subject</th>
          <th>Class</th>
          <th>Severity</th>
          <th>State</th>
          <th>Changes</th>
        </tr>
      </thead>
      <tbody>
        {records.map((record) => (
          <tr>
            {selectable ? (
              <td>
                {record.state === 'open' || record.state === 'planned' ? (
                  <input
                    type="checkbox"
                    name="ids"
                    value={String(record.id)}
                    aria-label={`drift ${record.id}`}
                  />
                ) : null}
              </td>
            ) : null}
            <td>
              <a href={driftPath(record.id)}>
                <Time iso={record.detectedAt} />
              </a>
            </td>
            <td>
              <a href={sitePath(record.siteId)}>{record.siteId}</a>
            </td>
            <td>
              <Subject record={record} />
            </td>
            <td>{record.class}</td>
            <td>
              <SeverityBadge severity={record.severity} />
            </td>
            <td>
              <DriftStateBadge state={record.state} cleared={record.clearedAt !== null} />
            </td>
            <td>
              <ChangeList changes={record.changes} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
