/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { bulkDecisionInputSchema } from '../../governance/inputs.ts';
import { DRIFT_CLASSES, DRIFT_RECORD_STATES, SEVERITIES } from '../../governance/vocabulary.ts';
import type { ConsoleServices } from '../../services/index.ts';
import { decideVisible } from '../api/drift.ts';
import { requireAllowed } from '../api/mutations.ts';
import { type DriftQuery, driftFilter, driftQuery, parseQuery } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { EmptyState, Pager } from './components.tsx';
import { DriftRecordTable } from './drift-components.tsx';
import { CsrfField } from './form-fields.tsx';
import { hrefWith } from './format.ts';
import { parseForm, seeOther } from './forms.ts';
import { Layout } from './layout.tsx';

/** The drift inbox: console drift records, filtered, newest first, with bulk decisions. */
export function createDriftPage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .post('/decisions', async (c) => {
      const { sites } = requireAllowed(c, 'decide');
      const { actor, input } = await parseForm(c, bulkDecisionInputSchema, ['ids']);
      const result = decideVisible(services, sites, input, actor);
      return seeOther(
        c,
        hrefWith('/drift', { decided: result.decided.length, failed: result.failed.length }),
      );
    })
    .get('/', (c) => {
      const query = parseQuery(c, driftQuery);
      const drift = services.drift.list({ ...driftFilter(query), sites: scopeOf(c) }, query);
      const href = (offset: number) =>
        hrefWith('/drift', { ...queryParams(query), limit: query.limit, offset });
      const filtered = Object.values(queryParams(query)).some((value) => value !== undefined);
      const decided = Number(c.req.query('decided') ?? Number.NaN);
      const failed = Number(c.req.query('failed') ?? 0);
      const undecided = drift.items.some((record) => record.state === 'open' || record.state === 'planned');
      return c.html(
        <Layout title="Drift" nav="drift">
          <h1>Drift</h1>
          {Number.isInteger(decided) ? (
            <p class="notice">
              Decided {decided} drift record{decided === 1 ? '' : 's'}.
              {Number.isInteger(failed) && failed > 0
                ? ` ${failed} could not be decided (already decided, or a ticket was missing); open them to see why.`
                : ''}
            </p>
          ) : null}
          <DriftFilters query={query} />
          <p class="muted">
            Export: <a href={hrefWith('/api/v1/export/drift.csv', queryParams(query))}>CSV</a> ·{' '}
            <a href={hrefWith('/api/v1/export/drift.json', queryParams(query))}>JSON</a>
          </p>
          {drift.total === 0 ? (
            <EmptyState>
              No drift detected{query.siteId === undefined ? '' : ` at site ${query.siteId}`}
              {filtered ? ' matching these filters' : ''}. Drift opens when an asset's configuration
              (setpoints, program, firmware) differs from its approved baseline.
            </EmptyState>
          ) : (
            <>
              {undecided ? (
                <form method="post" action="/drift/decisions">
                  <DriftRecordTable records={drift.items} selectable />
                  <BulkDecision />
                </form>
              ) : (
                <DriftRecordTable records={drift.items} />
              )}
              <Pager limit={query.limit} offset={query.offset} total={drift.total} href={href} />
            </>
          )}
        </Layout>,
      );
    });
}

/** The filter values of a query, as URL parameters. */
export function queryParams(query: DriftQuery): Record<string, string | undefined> {
  return {
    siteId: query.siteId,
    assetId: query.assetId,
    agentId: query.agentId,
    state: query.state?.join(','),
    kind: query.kind,
    class: query.class,
    severity: query.severity,
    from: query.from,
    to: query.to,
  };
}

/** One decision for every checked record: approve needs a ticket and a comment. */
function BulkDecision() {
  return (
    <fieldset>
      <legend>Decide on the checked records</legend>
      <div class="decide">
        <CsrfField />
        <label for="bulk-ticket">Change ticket</label>
        <input id="bulk-ticket" name="ticket" maxlength={128} placeholder="required to approve" />
        <label for="bulk-comment">Comment</label>
        <textarea id="bulk-comment" name="comment" required maxlength={2000} />
        <span />
        <span class="actions">
          <button type="submit" name="decision" value="approve">
            Approve checked
          </button>
          <button type="submit" name="decision" value="unauthorized">
            Mark checked unauthorized
          </button>
        </span>
      </div>
    </fieldset>
  );
}

function DriftFilters({ query }: { query: DriftQuery }) {
  const state = query.state?.join(',') ?? '';
  return (
    <form method="get" action="/drift" class="filter">
      <label>
        Site <input name="siteId" value={query.siteId ?? ''} placeholder="all sites" size={12} />
      </label>
      <label>
        State{' '}
        <select name="state">
          <option value="">any</option>
          <option value="open,planned" selected={state === 'open,planned'}>
            waiting for a decision
          </option>
          {DRIFT_RECORD_STATES.map((value) => (
            <option value={value} selected={state === value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      <label>
        Class{' '}
        <select name="class">
          <option value="">any</option>
          {DRIFT_CLASSES.map((value) => (
            <option value={value} selected={query.class === value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      <label>
        Severity at least{' '}
        <select name="severity">
          <option value="">any</option>
          {SEVERITIES.map((value) => (
            <option value={value} selected={query.severity === value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      <label>
        From <input name="from" value={query.from ?? ''} placeholder="2026-11-22T00:00:00Z" size={20} />
      </label>
      <label>
        To <input name="to" value={query.to ?? ''} placeholder="ISO time" size={20} />
      </label>
      <button type="submit">Filter</button>
      <a href="/drift">Clear</a>
    </form>
  );
}
