/** @jsxImportSource hono/jsx */
import { IDENTITY_FIELDS, type PointValue, type ValueClass } from '@plantwatch/protocol';
import { Hono } from 'hono';
import type { AssetLinkView } from '../../services/asset-service.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AssetDetail, Page, VersionDiff } from '../../services/views.ts';
import { assetParams, parseParams, parseQuery } from '../api/params.ts';
import { diffQuery } from '../api/view-params.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { DriftTimeline, VersionDiffSection } from './asset-history.tsx';
import { ChangeList, EmptyState, PollBadge, Time } from './components.tsx';
import { assetPath, driftPath, formatValue, shortFingerprint, sitePath } from './format.ts';
import { OwnerForm } from './governance-page.tsx';
import { Layout } from './layout.tsx';

export function createAssetPage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/:siteId/assets/:assetId', (c) => {
    const scope = scopeOf(c);
    const { siteId, assetId } = parseParams(c, assetParams);
    const asset = services.assets.getAsset(scope, siteId, assetId);
    const links = services.assets.listLinks(scope, siteId, assetId, { limit: 200, offset: 0 });
    const pair = diffPair(asset, parseQuery(c, diffQuery));
    const diff = pair && services.assets.diffVersions(scope, siteId, assetId, pair.from, pair.to);
    return c.html(
      <AssetPage asset={asset} links={links} diff={diff} owned={c.req.query('done') === 'owner'} />,
    );
  });
}

/**
 * The two configurations to compare: those asked for, else the baseline (or the version before the
 * current one) against the current one. None while the asset has a single configuration.
 */
function diffPair(asset: AssetDetail, query: { from?: string | undefined; to?: string | undefined }) {
  const current = asset.versions[0]?.fingerprint;
  const to = query.to ?? current;
  const fallback =
    asset.baseline !== null && asset.baseline.fingerprint !== to
      ? asset.baseline.fingerprint
      : asset.versions.find((version) => version.fingerprint !== to)?.fingerprint;
  const from = query.from ?? fallback;
  return from === undefined || to === undefined ? undefined : { from, to };
}

const VALUE_GROUPS: { valueClass: ValueClass; title: string }[] = [
  { valueClass: 'config', title: 'Configuration' },
  { valueClass: 'identity', title: 'Identity values' },
  { valueClass: 'volatile', title: 'Process values (not tracked for drift)' },
];

function AssetPage({
  asset,
  links,
  diff,
  owned,
}: {
  asset: AssetDetail;
  links: Page<AssetLinkView>;
  diff: VersionDiff | undefined;
  owned: boolean;
}) {
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
        <dt>Baseline</dt>
        <dd>
          {asset.baseline === null ? (
            'none yet'
          ) : (
            <>
              <code title={asset.baseline.fingerprint}>{shortFingerprint(asset.baseline.fingerprint)}</code>{' '}
              {asset.baseline.source === 'initial' ? 'first snapshot' : 'approved'}, by{' '}
              {asset.baseline.establishedBy} on <Time iso={asset.baseline.establishedAt} />
              {asset.baseline.fingerprint === asset.fingerprint ? null : (
                <span class="badge bad">differs</span>
              )}
            </>
          )}
        </dd>
        {identity.map((field) => (
          <>
            <dt>{field}</dt>
            <dd>{asset.identity[field]}</dd>
          </>
        ))}
      </dl>

      <h2>Owner</h2>
      {owned ? <p class="notice">Owner saved.</p> : null}
      {asset.owner === null ? (
        <p class="alert">No owner: this asset is a governance gap.</p>
      ) : (
        <p>
          {asset.owner.owner}: {asset.owner.purpose}{' '}
          <span class="muted">
            (set by {asset.owner.updatedBy}, <Time iso={asset.owner.updatedAt} />)
          </span>
        </p>
      )}
      {asset.review?.status === 'pending' ? (
        <p class="muted">
          Waiting in the <a href="/review">new-asset review queue</a>.
        </p>
      ) : null}
      <OwnerForm entityType="asset" siteId={asset.siteId} entityId={asset.assetId} returnTo="asset" />
      <p>
        <a href={`${assetPath(asset.siteId, asset.assetId)}/history`}>Configuration history and as-of view</a>
      </p>

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
        <dd>
          {asset.poll.requestCount}
          {asset.poll.transcript ? (
            // Exactly what the agent asked the device, and the digest that pins it.
            <details>
              <summary>
                transcript{' '}
                <code title={asset.poll.transcript.digest}>{asset.poll.transcript.digest.slice(0, 16)}</code>
                {asset.poll.transcript.truncated ? ' (list cut; the digest covers every request)' : ''}
              </summary>
              <ol class="transcript">
                {asset.poll.transcript.requests.map((request) => (
                  <li>
                    <code>{request}</code>
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
        </dd>
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
        <EmptyState>No drift from this asset's baseline.</EmptyState>
      ) : (
        <DriftTimeline records={asset.drift} />
      )}

      <VersionDiffSection asset={asset} diff={diff} />

      <h2>Agent-reported change events</h2>
      {asset.agentEvents.length === 0 ? (
        <EmptyState>The agent reported no change on this asset.</EmptyState>
      ) : (
        asset.agentEvents.map((event) => (
          <section class="drift-event">
            <h3>
              <Time iso={event.detectedAt} />
            </h3>
            <p class="muted">
              Fingerprint <code>{shortFingerprint(event.previousFingerprint)}</code> →{' '}
              <code>{shortFingerprint(event.currentFingerprint)}</code>, reported by {event.agentId} (seq{' '}
              {event.seq})
              {event.driftRecordId === null ? null : (
                <>
                  , <a href={driftPath(event.driftRecordId)}>drift record {event.driftRecordId}</a>
                </>
              )}
            </p>
            <ChangeList changes={event.changes} full />
          </section>
        ))
      )}

      {links.total > 0 ? (
        <>
          <h2>Hosts this device reports ({links.total})</h2>
          <LinkTable links={links.items} />
        </>
      ) : null}
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

function LinkTable({ links }: { links: AssetLinkView[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Source</th>
          <th>Port</th>
          <th>MAC</th>
          <th>IP</th>
          <th>VLAN</th>
          <th>Neighbour</th>
          <th>Baseline</th>
          <th>First seen</th>
        </tr>
      </thead>
      <tbody>
        {links.map((link) => (
          <tr>
            <td>{link.source}</td>
            <td>{link.port ?? link.portIndex ?? ''}</td>
            <td>
              <code>{link.mac ?? ''}</code>
            </td>
            <td>{link.ip ?? ''}</td>
            <td>{link.vlan ?? ''}</td>
            <td>
              {link.remoteName ?? ''} {link.remotePort ?? ''}
            </td>
            <td>{link.approved ? 'approved' : <span class="badge bad">new</span>}</td>
            <td>
              <Time iso={link.firstSeenAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
