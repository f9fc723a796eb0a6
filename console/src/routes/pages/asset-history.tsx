/** @jsxImportSource hono/jsx */
import type { DriftRecordView } from '../../services/governance/drift-record-views.ts';
import type { AssetDetail, VersionDiff } from '../../services/views.ts';
import { ChangeList, EmptyState, Time } from './components.tsx';
import { DriftStateBadge, SeverityBadge } from './drift-components.tsx';
import { assetPath, driftPath, shortFingerprint } from './format.ts';

/** An asset's drift records as a timeline, newest first: what was detected, and who decided what. */
export function DriftTimeline({ records }: { records: DriftRecordView[] }) {
  return (
    <ol class="timeline">
      {records.map((record) => (
        <li>
          <p>
            <a href={driftPath(record.id)}>
              <Time iso={record.detectedAt} />
            </a>{' '}
            <strong>{record.kind}</strong> drift ({record.class}) <SeverityBadge severity={record.severity} />{' '}
            <DriftStateBadge state={record.state} cleared={record.clearedAt !== null} />
          </p>
          <ul class="events">
            {record.lastDetectedAt !== record.detectedAt ? (
              <li>
                still seen <Time iso={record.lastDetectedAt} />
              </li>
            ) : null}
            {record.clearedAt === null ? null : (
              <li>
                cleared by itself <Time iso={record.clearedAt} />
              </li>
            )}
            {record.decidedAt === null ? null : (
              <li>
                {record.state === 'approved' ? 'approved' : 'decided unauthorized'} by {record.decidedBy}{' '}
                <Time iso={record.decidedAt} />
                {record.ticket ? <> · ticket {record.ticket}</> : null}
                {record.comment ? <> · {record.comment}</> : null}
              </li>
            )}
            {record.resolvedAt === null ? null : (
              <li>
                resolved by {record.resolvedBy} <Time iso={record.resolvedAt} />
                {record.resolutionNote ? <> · {record.resolutionNote}</> : null}
              </li>
            )}
          </ul>
          {record.changes.length > 0 ? <ChangeList changes={record.changes} /> : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * The asset's configurations, and the changes between any two of them, picked with a GET form
 * (no script): the choice is in the URL and the diff is computed on the server.
 */
export function VersionDiffSection({ asset, diff }: { asset: AssetDetail; diff: VersionDiff | undefined }) {
  const versions = asset.versions;
  const label = (fingerprint: string, observedAt: string) => {
    const tags = [
      fingerprint === asset.fingerprint ? 'current' : undefined,
      fingerprint === asset.baseline?.fingerprint ? 'baseline' : undefined,
    ].filter((tag) => tag !== undefined);
    return `${observedAt.slice(0, 19).replace('T', ' ')} · ${shortFingerprint(fingerprint)}${
      tags.length > 0 ? ` (${tags.join(', ')})` : ''
    }`;
  };
  const select = (name: 'from' | 'to', selected: string | undefined) => (
    <select name={name} id={`diff-${name}`}>
      {versions.map((version) => (
        <option value={version.fingerprint} selected={version.fingerprint === selected}>
          {label(version.fingerprint, version.observedAt)}
        </option>
      ))}
    </select>
  );
  return (
    <section id="diff">
      <h2>Configuration versions</h2>
      {versions.length === 0 ? (
        <EmptyState>No configuration yet: no poll of this asset has succeeded.</EmptyState>
      ) : (
        <>
          <p class="muted">
            {versions.length === 1
              ? 'One configuration seen so far.'
              : `${versions.length} configurations seen (newest ${versions.length >= 100 ? '100 ' : ''}listed).`}{' '}
            <a href={`${assetPath(asset.siteId, asset.assetId)}/history`}>Full history and as-of view</a>
          </p>
          {versions.length > 1 ? (
            <form method="get" action={`${assetPath(asset.siteId, asset.assetId)}#diff`} class="filter">
              <label for="diff-from">Compare</label>
              {select('from', diff?.from.fingerprint)}
              <label for="diff-to">with</label>
              {select('to', diff?.to.fingerprint)}
              <button type="submit">Show differences</button>
            </form>
          ) : null}
          {diff === undefined ? null : <DiffResult diff={diff} />}
        </>
      )}
    </section>
  );
}

function DiffResult({ diff }: { diff: VersionDiff }) {
  return (
    <>
      <p>
        From <code title={diff.from.fingerprint}>{shortFingerprint(diff.from.fingerprint)}</code> (first seen{' '}
        <Time iso={diff.from.observedAt} />) to{' '}
        <code title={diff.to.fingerprint}>{shortFingerprint(diff.to.fingerprint)}</code> (first seen{' '}
        <Time iso={diff.to.observedAt} />
        ):
      </p>
      {diff.changes.length === 0 ? (
        <EmptyState>The two configurations are the same.</EmptyState>
      ) : (
        <ChangeList changes={diff.changes} full />
      )}
    </>
  );
}
