/** @jsxImportSource hono/jsx */
import { idSchema } from '@plantwatch/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireAllSites, requireSite } from '../../auth/principal.ts';
import { ignoreRuleInputSchema, ownershipInputSchema } from '../../governance/inputs.ts';
import { IGNORE_SCOPES } from '../../governance/vocabulary.ts';
import type { GovernanceGap } from '../../services/governance/ownership-service.ts';
import type { ConsoleServices } from '../../services/index.ts';
import { requireAllowed } from '../api/mutations.ts';
import { idParams, pageQuery, parseParams, parseQuery } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { EmptyState, Time } from './components.tsx';
import { CsrfField, Notice } from './form-fields.tsx';
import { assetPath, sitePath } from './format.ts';
import { parseForm, seeOther } from './forms.ts';
import { Layout } from './layout.tsx';

const DONE: Record<string, string> = {
  owner: 'Owner saved.',
  rule: 'Ignore rule saved.',
};

const ownerForm = ownershipInputSchema.extend({
  entityType: z.enum(['asset', 'agent']),
  siteId: idSchema,
  entityId: idSchema,
  /** Where the person came from: the asset page or this page. */
  returnTo: z.enum(['asset', 'governance']).default('governance'),
});

/** Governance gaps (what has no owner) and the noise filters (ignore rules). */
export function createGovernancePage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => {
      const page = parseQuery(c, pageQuery);
      const sites = scopeOf(c);
      const assets = services.ownership.gaps('asset', { sites }, page);
      const agents = services.ownership.gaps('agent', { sites }, { limit: 100, offset: 0 });
      // Ignore rules can span sites: only people who see every site see them (as in the API).
      const rules =
        sites === null ? services.ignoreRules.list({}, { limit: 200, offset: 0 }) : { items: [], total: 0 };
      return c.html(
        <Layout title="Governance" nav="governance">
          <h1>Governance</h1>
          <Notice code={c.req.query('done')} messages={DONE} />
          <h2>Agents without an owner ({agents.total})</h2>
          <GapTable gaps={agents.items} />
          <h2>Assets without an owner ({assets.total})</h2>
          <GapTable gaps={assets.items} />
          {assets.total > assets.items.length ? (
            <p class="muted">
              Showing {assets.items.length} of {assets.total}; the full list is at /api/v1/governance/gaps.
            </p>
          ) : null}

          <h2>Ignore rules</h2>
          <p class="muted">
            Changes whose path matches a rule raise no drift. <code>*</code> matches anything, <code>?</code>{' '}
            one character. Every change of a rule is a new version, in the audit log.
          </p>
          {rules.total === 0 ? (
            <EmptyState>No ignore rules: every tracked change raises drift.</EmptyState>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>#</th>
                  <th>Scope</th>
                  <th>Path</th>
                  <th>Reason</th>
                  <th>Version</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                {rules.items.map((rule) => (
                  <tr>
                    <td>{rule.id}</td>
                    <td>
                      {rule.scope} {rule.siteId ?? ''} {rule.assetId ?? ''} {rule.model ?? ''}
                    </td>
                    <td>
                      <code>{rule.pathPattern}</code>
                    </td>
                    <td>{rule.reason}</td>
                    <td>
                      v{rule.version} by {rule.updatedBy}, <Time iso={rule.updatedAt} />
                    </td>
                    <td>
                      <form
                        method="post"
                        action={`/governance/ignore-rules/${rule.id}/${rule.enabled ? 'disable' : 'enable'}`}
                        class="inline"
                      >
                        {rule.enabled ? 'enabled' : 'disabled'}
                        <CsrfField />
                        <button type="submit">{rule.enabled ? 'Disable' : 'Enable'}</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>New ignore rule</h3>
          <form method="post" action="/governance/ignore-rules" class="stacked">
            <CsrfField />
            <label for="scope">Scope</label>
            <select id="scope" name="scope">
              {IGNORE_SCOPES.map((scope) => (
                <option value={scope}>{scope}</option>
              ))}
            </select>
            <label for="rule-site">Site (site, asset)</label>
            <input id="rule-site" name="siteId" />
            <label for="rule-asset">Asset (asset)</label>
            <input id="rule-asset" name="assetId" />
            <label for="rule-model">Model (model)</label>
            <input id="rule-model" name="model" />
            <label for="pathPattern">Path pattern</label>
            <input id="pathPattern" name="pathPattern" required placeholder="counters[*]" />
            <label for="reason">Reason</label>
            <input id="reason" name="reason" required maxlength={500} />
            <span />
            <button type="submit">Add rule</button>
          </form>
        </Layout>,
      );
    })
    .post('/owners', async (c) => {
      const { sites } = requireAllowed(c, 'own');
      const { actor, input } = await parseForm(c, ownerForm);
      requireSite(
        sites,
        input.entityType === 'asset' ? input.siteId : services.ownership.agentSite(input.entityId),
        `${input.entityType} ${input.entityId}`,
      );
      const { entityType, siteId, entityId, returnTo, ...ownership } = input;
      if (entityType === 'asset') services.ownership.setAssetOwner(siteId, entityId, ownership, actor);
      else services.ownership.setAgentOwner(entityId, ownership, actor);
      const back =
        returnTo === 'asset' && entityType === 'asset'
          ? `${assetPath(siteId, entityId)}?done=owner`
          : '/governance?done=owner';
      return seeOther(c, back);
    })
    .post('/ignore-rules', async (c) => {
      requireAllSites(requireAllowed(c, 'decide'));
      const { actor, input } = await parseForm(c, ignoreRuleInputSchema);
      services.ignoreRules.create(input, actor);
      return seeOther(c, '/governance?done=rule');
    })
    .post('/ignore-rules/:id/:action{enable|disable}', async (c) => {
      const { id } = parseParams(c, idParams);
      requireAllSites(requireAllowed(c, 'decide'));
      const { actor } = await parseForm(c, z.object({}));
      services.ignoreRules.setEnabled(id, c.req.param('action') === 'enable', actor);
      return seeOther(c, '/governance?done=rule');
    });
}

function GapTable({ gaps }: { gaps: GovernanceGap[] }) {
  if (gaps.length === 0) return <EmptyState>None: everything here has an owner.</EmptyState>;
  return (
    <table>
      <thead>
        <tr>
          <th>Site</th>
          <th>{gaps[0]?.entityType === 'agent' ? 'Agent' : 'Asset'}</th>
          <th>Detail</th>
          <th>Last seen</th>
          <th>Set the owner</th>
        </tr>
      </thead>
      <tbody>
        {gaps.map((gap) => (
          <tr>
            <td>
              <a href={sitePath(gap.siteId)}>{gap.siteId}</a>
            </td>
            <td>
              {gap.entityType === 'asset' ? (
                <a href={assetPath(gap.siteId, gap.entityId)}>{gap.entityId}</a>
              ) : (
                gap.entityId
              )}
            </td>
            <td>{gap.detail}</td>
            <td>
              <Time iso={gap.lastSeenAt} />
            </td>
            <td>
              <OwnerForm entityType={gap.entityType} siteId={gap.siteId} entityId={gap.entityId} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OwnerForm(props: {
  entityType: 'asset' | 'agent';
  siteId: string;
  entityId: string;
  returnTo?: 'asset' | 'governance';
}) {
  return (
    <form method="post" action="/governance/owners" class="inline">
      <input type="hidden" name="entityType" value={props.entityType} />
      <input type="hidden" name="siteId" value={props.siteId} />
      <input type="hidden" name="entityId" value={props.entityId} />
      <input type="hidden" name="returnTo" value={props.returnTo ?? 'governance'} />
      <CsrfField />
      <input name="owner" required maxlength={128} placeholder="owner (person or team)" aria-label="owner" />
      <input name="purpose" required maxlength={500} placeholder="purpose" aria-label="purpose" />
      <button type="submit">Save</button>
    </form>
  );
}
