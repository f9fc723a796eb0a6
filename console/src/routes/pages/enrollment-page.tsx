/** @jsxImportSource hono/jsx */
import { idSchema } from '@plantwatch/protocol';
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { can } from '../../auth/principal.ts';
import { enrollmentTokenInputSchema } from '../../services/enrollment/enrollment-inputs.ts';
import type { AgentIdentityView, EnrollmentTokenView } from '../../services/enrollment/enrollment-views.ts';
import type { ConsoleServices } from '../../services/index.ts';
import { pageQuery, parseParams, parseQuery } from '../api/params.ts';
import type { AppEnv } from '../env.ts';
import { EmptyState, Pager, Time } from './components.tsx';
import { CsrfField, Notice } from './form-fields.tsx';
import { hrefWith, sitePath } from './format.ts';
import { parseForm, seeOther } from './forms.ts';
import { Layout } from './layout.tsx';

const DONE: Record<string, string> = {
  revoked: 'Agent revoked: the broker refuses it from now on.',
};
const agentParams = z.object({ agentId: idSchema });
const listQuery = pageQuery.extend({ siteId: idSchema.optional() });

/**
 * Enrolling agents: create a single-use token for a site, see the enrolled agents with their
 * owner and purpose, revoke them or rotate their MQTT password. A token or password is shown once,
 * in the answer to the form that created it (never in a URL, never cached).
 */
export function createEnrollmentPage(services: ConsoleServices): Hono<AppEnv> {
  const enrollment = services.enrollment;

  const render = (c: Context<AppEnv>, secret?: Child) => {
    const principal = c.get('principal');
    const { siteId, ...page } = parseQuery(c, listQuery);
    const identities = enrollment.listIdentities(principal, { siteId }, page);
    const tokens = enrollment.listTokens(principal, { siteId }, { limit: 20, offset: 0 });
    const mayEnroll = can(principal, 'enroll');
    const href = (offset: number) => hrefWith('/enrollment', { siteId, offset, limit: page.limit });
    c.header('Cache-Control', 'no-store');
    return c.html(
      <Layout title="Agent enrollment" nav="enrollment">
        <h1>Agent enrollment</h1>
        <Notice code={c.req.query('done')} messages={DONE} />
        {secret}
        <p class="muted">
          Every agent is an identity with an owner. A technician creates a single-use token for a site; on the
          gateway, <code>plantwatch-agent enroll --console &lt;url&gt; --token &lt;token&gt;</code> creates
          the agent's key pair and receives its MQTT credentials.
        </p>
        <h2>Enrolled agents</h2>
        {identities.total === 0 ? (
          <EmptyState>No enrolled agents{siteId ? ` at site ${siteId}` : ''}.</EmptyState>
        ) : (
          <>
            <IdentityTable identities={identities.items} mayEnroll={mayEnroll} />
            <Pager {...page} total={identities.total} href={href} />
          </>
        )}
        <h2>Enrollment tokens</h2>
        {tokens.total === 0 ? (
          <EmptyState>No enrollment tokens yet.</EmptyState>
        ) : (
          <TokenTable tokens={tokens.items} />
        )}
        {mayEnroll ? (
          <>
            <h2>Create an enrollment token</h2>
            <form method="post" action="/enrollment/tokens" class="stacked">
              <CsrfField />
              <label for="siteId">Site</label>
              <input id="siteId" name="siteId" required maxlength={64} value={siteId ?? ''} />
              <label for="owner">Owner</label>
              <input id="owner" name="owner" required maxlength={128} placeholder="person or team" />
              <label for="purpose">Purpose</label>
              <input
                id="purpose"
                name="purpose"
                required
                maxlength={500}
                placeholder="line 3 PLCs and switches"
              />
              <label for="ttlMinutes">Valid for (minutes)</label>
              <input id="ttlMinutes" name="ttlMinutes" type="number" min={1} max={10080} value="60" />
              <span />
              <button type="submit">Create token</button>
            </form>
          </>
        ) : null}
      </Layout>,
      secret ? 201 : 200,
    );
  };

  return new Hono<AppEnv>()
    .get('/', (c) => render(c))
    .post('/tokens', async (c) => {
      const { input } = await parseForm(c, enrollmentTokenInputSchema);
      const created = enrollment.createToken(input, c.get('principal'));
      // With the CA's fingerprint the agent refuses a console answer carrying another CA.
      const fingerprint = enrollment.broker().caFingerprint;
      return render(
        c,
        <section class="notice">
          <p>
            Enrollment token for site <strong>{created.siteId}</strong>, valid until{' '}
            <Time iso={created.expiresAt} />, usable once. Copy it now: it is not shown again.
          </p>
          <pre>
            <code>{`plantwatch-agent enroll --console ${new URL(c.req.url).origin} --token ${created.token}${fingerprint ? ` --ca-fingerprint ${fingerprint}` : ''}`}</code>
          </pre>
        </section>,
      );
    })
    .post('/agents/:agentId/revoke', async (c) => {
      const { agentId } = parseParams(c, agentParams);
      await parseForm(c, z.object({}));
      enrollment.revoke(agentId, c.get('principal'));
      return seeOther(c, '/enrollment?done=revoked');
    })
    .post('/agents/:agentId/rotate', async (c) => {
      const { agentId } = parseParams(c, agentParams);
      await parseForm(c, z.object({}));
      const rotated = enrollment.rotate(agentId, c.get('principal'));
      return render(
        c,
        <section class="notice">
          <p>
            New MQTT password for agent <strong>{agentId}</strong> (user name {rotated.mqtt.username}). The
            old one no longer works. Write it to the agent's <code>identity/mqtt-password</code> file; it is
            not shown again.
          </p>
          <pre>
            <code>{rotated.mqtt.password}</code>
          </pre>
        </section>,
      );
    });
}

function IdentityTable({ identities, mayEnroll }: { identities: AgentIdentityView[]; mayEnroll: boolean }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Agent</th>
          <th>Site</th>
          <th>Owner</th>
          <th>Purpose</th>
          <th>Enrolled</th>
          <th>Last seen</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {identities.map((identity) => (
          <tr id={`agent-${identity.agentId}`}>
            <td>{identity.agentId}</td>
            <td>
              <a href={sitePath(identity.siteId)}>{identity.siteId}</a>
            </td>
            <td>{identity.owner}</td>
            <td>{identity.purpose}</td>
            <td>
              <Time iso={identity.enrolledAt} /> by {identity.enrolledBy}
            </td>
            <td>
              <Time iso={identity.lastSeenAt} />
            </td>
            <td>
              {identity.state === 'revoked' ? (
                <span class="badge muted">
                  revoked by {identity.revokedBy} <Time iso={identity.revokedAt} />
                </span>
              ) : mayEnroll ? (
                <>
                  <form method="post" action={`/enrollment/agents/${identity.agentId}/rotate`} class="inline">
                    <CsrfField />
                    <button type="submit">Rotate password</button>
                  </form>
                  <form method="post" action={`/enrollment/agents/${identity.agentId}/revoke`} class="inline">
                    <CsrfField />
                    <button type="submit">Revoke</button>
                  </form>
                </>
              ) : (
                <span class="badge">active</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TokenTable({ tokens }: { tokens: EnrollmentTokenView[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Token</th>
          <th>Site</th>
          <th>Owner</th>
          <th>Purpose</th>
          <th>Created</th>
          <th>Expires</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr>
            <td>{token.tokenId}</td>
            <td>{token.siteId}</td>
            <td>{token.owner}</td>
            <td>{token.purpose}</td>
            <td>
              <Time iso={token.createdAt} /> by {token.createdBy}
            </td>
            <td>
              <Time iso={token.expiresAt} />
            </td>
            <td>{token.state === 'used' ? `used by ${token.usedByAgentId}` : token.state}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
