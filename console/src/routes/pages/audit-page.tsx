/** @jsxImportSource hono/jsx */
import { canonicalJson } from '@plantwatch/shared';
import { Hono } from 'hono';
import { requireAllSites } from '../../auth/principal.ts';
import type { ConsoleServices } from '../../services/index.ts';
import { auditQuery } from '../api/audit.ts';
import { parseQuery } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { EmptyState, Pager, Time } from './components.tsx';
import { hrefWith } from './format.ts';
import { Layout } from './layout.tsx';

/** The audit log, newest first, filtered, with the state of its hash chain at the top. */
export function createAuditPage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => {
    requireAllSites(c.get('principal'));
    const { limit, offset, ...filter } = parseQuery(c, auditQuery);
    const entries = services.audit.list(filter, { limit, offset });
    // Walking the whole chain takes time on a large log: only when asked.
    const check = c.req.query('verify') === '1' ? services.audit.verify() : undefined;
    const href = (next: number) => hrefWith('/audit', { ...filter, limit, offset: next });
    return c.html(
      <Layout title="Audit log" nav="audit">
        <h1>Audit log</h1>
        {check === undefined ? (
          <p>
            <a href="/audit?verify=1">Verify the hash chain</a> (also:{' '}
            <code>plantwatch-console audit verify</code>)
          </p>
        ) : check.ok ? (
          <p class="notice">
            Hash chain intact: {check.rows} entries
            {check.head ? (
              <>
                , head #{check.head.seq} <code>{check.head.hash}</code>
              </>
            ) : null}
            . Keep the head somewhere else to detect entries cut off the end.
          </p>
        ) : (
          <p class="alert">
            Hash chain BROKEN at entry #{check.problem?.seq}: {check.problem?.reason}. Entries from there on
            cannot be trusted.
          </p>
        )}
        <form method="get" action="/audit" class="filter">
          <label>
            Actor <input name="actor" value={filter.actor ?? ''} size={14} />
          </label>
          <label>
            Action <input name="action" value={filter.action ?? ''} placeholder="drift.approved" size={16} />
          </label>
          <label>
            Entity{' '}
            <input name="entityType" value={filter.entityType ?? ''} placeholder="drift_record" size={12} />
          </label>
          <label>
            From <input name="from" value={filter.from ?? ''} size={20} />
          </label>
          <label>
            To <input name="to" value={filter.to ?? ''} size={20} />
          </label>
          <button type="submit">Filter</button>
          <a href="/audit">Clear</a>
        </form>
        {entries.total === 0 ? (
          <EmptyState>
            No audit entries{Object.values(filter).some(Boolean) ? ' match these filters' : ''}.
          </EmptyState>
        ) : (
          <table>
            <thead>
              <tr>
                <th class="num">#</th>
                <th>When</th>
                <th>Actor</th>
                <th>Action</th>
                <th>Entity</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.items.map((entry) => (
                <tr>
                  <td class="num">{entry.seq}</td>
                  <td>
                    <Time iso={entry.at} />
                  </td>
                  <td>{entry.actor}</td>
                  <td>{entry.action}</td>
                  <td>
                    {entry.entityType} {entry.entityId}
                  </td>
                  <td>
                    <code>{canonicalJson(entry.details).slice(0, 600)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager limit={limit} offset={offset} total={entries.total} href={href} />
      </Layout>,
    );
  });
}
