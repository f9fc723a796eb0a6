/** @jsxImportSource hono/jsx */
import { IDENTITY_FIELDS, type PointValue, type ValueClass } from '@plantwatch/protocol';
import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AssetDetail } from '../../services/views.ts';
import { assetParams, parseParams } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { ChangeList, EmptyState, PollBadge, Time } from './components.tsx';
import { formatValue, shortFingerprint, sitePath } from './format.ts';
import { Layout } from './layout.tsx';

export function createAssetPage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/:siteId/assets/:assetId', (c) => {
    const { siteId, assetId } = parseParams(c, assetParams);
    return c.html(<AssetPage asset={services.assets.getAsset(siteId, assetId)} />);
  });
}

const VALUE_GROUPS: { valueClass: ValueClass; title: string }[] = [
  { valueClass: 'config', title: 'Configuration' },
  { valueClass: 'identity', title: 'Identity values' },
  { valueClass: 'volatile', title: 'Process values (not tracked for drift)' },
];

function AssetPage({ asset }: { asset: AssetDetail }) {
  const identity = IDENTITY_FIELDS.filter((field) => asset.identity[field] !== undefined);
  return (
    <Layout title={`${asset.assetId} at ${asset.siteId}`} nav="fleet">
      <p class="crumbs">
        <a href="/">Fleet</a> / <a href={sitePath(asset.siteId)}>{asset.siteId}</a> / {asset.assetId}
      </p>
      <h1>Asset {asset.assetId}</h1>
      <dl class="facts">
        <dt>Agent</dt>
        <dd>{asset.agentId}</dd>
        <dt>Address</dt>
        <dd>
          {asset.protocol} {asset.host}:{asset.port}
          {asset.unitId === null ? '' : ` unit ${asset.unitId}`}
        </dd>
        <dt>Fingerprint</dt>
        <dd>
          <code title={asset.fingerprint ?? undefined}>{shortFingerprint(asset.fingerprint)}</code>
        </dd>
        {identity.map((field) => (
          <>
            <dt>{field}</dt>
            <dd>{asset.identity[field]}</dd>
          </>
        ))}
      </dl>

      <h2>Last poll</h2>
      <dl class="facts">
        <dt>Outcome</dt>
        <dd>
          <PollBadge poll={asset.poll} />
        </dd>
        <dt>Started</dt>
        <dd>
          <Time iso={asset.lastPollAt} />
        </dd>
        <dt>Duration</dt>
        <dd>{asset.poll.durationMs} ms</dd>
        <dt>Requests</dt>
        <dd>{asset.poll.requestCount}</dd>
        {asset.poll.error ? (
          <>
            <dt>Error</dt>
            <dd>
              <code>{asset.poll.error.code}</code> {asset.poll.error.message}
            </dd>
          </>
        ) : null}
      </dl>

      <h2>Current values</h2>
      {asset.values.length > 0 && !asset.poll.ok ? (
        <p class="muted">The last poll failed: these values are from the last successful one.</p>
      ) : null}
      {asset.values.length === 0 ? (
        <EmptyState>No values yet: no poll of this asset has succeeded. See the last poll above.</EmptyState>
      ) : (
        VALUE_GROUPS.map(({ valueClass, title }) => (
          <ValueTable title={title} values={asset.values.filter((value) => value.class === valueClass)} />
        ))
      )}

      <h2>Drift history</h2>
      {asset.drift.length === 0 ? (
        <EmptyState>No drift detected on this asset.</EmptyState>
      ) : (
        asset.drift.map((event) => (
          <section class="drift-event">
            <h3>
              <Time iso={event.detectedAt} /> <span class="badge bad">{event.state}</span>
            </h3>
            <p class="muted">
              Fingerprint <code>{shortFingerprint(event.previousFingerprint)}</code> →{' '}
              <code>{shortFingerprint(event.currentFingerprint)}</code>, reported by {event.agentId} (seq{' '}
              {event.seq})
            </p>
            <ChangeList changes={event.changes} full />
          </section>
        ))
      )}

      <h2>Configuration versions</h2>
      <table>
        <thead>
          <tr>
            <th>Fingerprint</th>
            <th>Observed</th>
          </tr>
        </thead>
        <tbody>
          {asset.versions.map((version) => (
            <tr>
              <td>
                <code title={version.fingerprint}>{shortFingerprint(version.fingerprint)}</code>
              </td>
              <td>
                <Time iso={version.observedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

function ValueTable({ title, values }: { title: string; values: PointValue[] }) {
  if (values.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <table>
        <thead>
          <tr>
            <th>Path</th>
            <th>Value</th>
            <th>Unit</th>
          </tr>
        </thead>
        <tbody>
          {values.map((value) => (
            <tr>
              <td>
                <code>{value.path}</code>
              </td>
              <td>{formatValue(value.value)}</td>
              <td>{value.unit ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
