/** @jsxImportSource hono/jsx */
import { isPlantwatchError } from '@plantwatch/shared';
import { Hono } from 'hono';
import { requireSite } from '../../auth/principal.ts';
import type { DriftRecordView } from '../../services/governance/drift-record-views.ts';
import type { AsOfView, VersionView } from '../../services/history/history-service.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AssetDetail, Page } from '../../services/views.ts';
import { asOfQuery, siteChangesQuery } from '../api/history.ts';
import { assetParams, pageQuery, parseParams, parseQuery, siteParams } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { ChangeList, EmptyState, Pager, Time } from './components.tsx';
import { DriftStateBadge, SeverityBadge } from './drift-components.tsx';
import { assetPath, driftPath, formatChangeValue, hrefWith, shortFingerprint, sitePath } from './format.ts';
import { Layout } from './layout.tsx';

/** An asset's history as a timeline (configurations and decisions), with an as-of view; a site's changes. */
export function createHistoryPages(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/:siteId/assets/:assetId/history', (c) => {
      const { siteId, assetId } = parseParams(c, assetParams);
      const page = parseQuery(c, pageQuery);
      const { at } = parseQuery(c, asOfQuery);
      const asset = services.assets.getAsset(scopeOf(c), siteId, assetId);
      const versions = services.history.assetHistory(siteId, assetId, page);
      let asOf: AsOfView | 'unknown' | undefined;
      if (at !== undefined) {
        try {
          asOf = services.history.asOf(siteId, assetId, at);
        } catch (error) {
          if (!isPlantwatchError(error, 'not_found')) throw error;
          asOf = 'unknown';
        }
      }
      const href = (offset: number) =>
        hrefWith(`${assetPath(siteId, assetId)}/history`, { offset, limit: page.limit, at });
      return c.html(
        <Layout title={`History of ${assetId}`} nav="fleet">
          <p class="crumbs">
            <a href="/">Fleet</a> / <a href={sitePath(siteId)}>{siteId}</a> /{' '}
            <a href={assetPath(siteId, assetId)}>{assetId}</a> / history
          </p>
          <h1>History of {assetId}</h1>
          <AsOfSection asset={asset} at={at} asOf={asOf} />
          <h2>Timeline</h2>
          <Timeline versions={versions} drift={asset.drift} />
          <Pager {...page} total={versions.total} href={href} />
        </Layout>,
      );
    })
    .get('/:siteId/changes', (c) => {
      const { siteId } = parseParams(c, siteParams);
      requireSite(scopeOf(c), siteId);
      const { from, to: toParam, ...page } = parseQuery(c, siteChangesQuery);
      const to = toParam ?? new Date().toISOString();
      const changes = services.history.siteChanges(siteId, from, to, page);
      const href = (offset: number) =>
        hrefWith(`${sitePath(siteId)}/changes`, { from, to, offset, limit: page.limit });
      return c.html(
        <Layout title={`Changes at ${siteId}`} nav="fleet">
          <p class="crumbs">
            <a href="/">Fleet</a> / <a href={sitePath(siteId)}>{siteId}</a> / changes
          </p>
          <h1>
            Changes at {siteId} from <Time iso={from} /> to <Time iso={to} />
          </h1>
          {changes.total === 0 ? (
            <EmptyState>No configuration changed at this site in that time.</EmptyState>
          ) : (
            changes.items.map((item) => (
              <section class="drift-event">
                <h3>
                  <a href={assetPath(siteId, item.assetId)}>{item.assetId}</a>: {item.versionCount}{' '}
                  configuration
                  {item.versionCount === 1 ? '' : 's'} observed
                </h3>
                <p class="muted">
                  {item.before ? <code>{shortFingerprint(item.before.fingerprint)}</code> : 'not known yet'} →{' '}
                  <code>{shortFingerprint(item.after.fingerprint)}</code>
                </p>
                {item.changes.length === 0 ? (
                  <p>Changed and changed back.</p>
                ) : (
                  <ChangeList changes={item.changes} full />
                )}
              </section>
            ))
          )}
          <Pager {...page} total={changes.total} href={href} />
        </Layout>,
      );
    });
}

function AsOfSection({
  asset,
  at,
  asOf,
}: {
  asset: AssetDetail;
  at: string | undefined;
  asOf: AsOfView | 'unknown' | undefined;
}) {
  return (
    <>
      <form method="get" action={`${assetPath(asset.siteId, asset.assetId)}/history`} class="filter">
        <label>
          Configuration as of{' '}
          <input name="at" value={at ?? ''} placeholder="2026-11-22T08:00:00Z" size={24} />
        </label>
        <button type="submit">Show</button>
      </form>
      {asOf === 'unknown' ? (
        <EmptyState>No configuration of this asset is known at that time.</EmptyState>
      ) : null}
      {asOf !== undefined && asOf !== 'unknown' ? (
        <>
          <p>
            As of <Time iso={asOf.at} />: configuration <code>{shortFingerprint(asOf.fingerprint)}</code>,
            observed since <Time iso={asOf.observedAt} />.
          </p>
          <table>
            <thead>
              <tr>
                <th>Path</th>
                <th>Value</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(asOf.state)
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([path, value]) => (
                  <tr>
                    <td>
                      <code>{path}</code>
                    </td>
                    <td>
                      <code>{formatChangeValue(value)}</code>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}

/** Configurations observed and drift decided, newest first, in one list. */
function Timeline({ versions, drift }: { versions: Page<VersionView>; drift: DriftRecordView[] }) {
  const entries = [
    ...versions.items.map((version) => ({ at: version.observedAt, version, record: undefined })),
    ...drift.map((record) => ({ at: record.decidedAt ?? record.detectedAt, version: undefined, record })),
  ].sort((a, b) => (a.at < b.at ? 1 : -1));
  if (entries.length === 0) return <EmptyState>No configuration observed yet.</EmptyState>;
  return (
    <ol class="timeline">
      {entries.map(({ at, version, record }) =>
        version ? (
          <li>
            <Time iso={at} /> configuration{' '}
            <code title={version.fingerprint}>{shortFingerprint(version.fingerprint)}</code> observed (agent{' '}
            {version.agentId}, seq {version.seq})
            <ChangeList changes={version.changes} />
          </li>
        ) : record ? (
          <li>
            <Time iso={at} /> <a href={driftPath(record.id)}>drift {record.id}</a> {record.class}{' '}
            <SeverityBadge severity={record.severity} /> <DriftStateBadge state={record.state} />
            {record.decidedBy ? ` by ${record.decidedBy}` : ''}
            {record.ticket ? `, ticket ${record.ticket}` : ''}
          </li>
        ) : null,
      )}
    </ol>
  );
}
