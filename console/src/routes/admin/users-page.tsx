/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { z } from 'zod';
import { ROLES } from '../../auth/roles.ts';
import {
  apiTokenInputSchema,
  siteScopeSchema,
  userInputSchema,
  userUpdateSchema,
} from '../../services/accounts/account-inputs.ts';
import type { ApiTokenView } from '../../services/accounts/api-token-service.ts';
import type { UserView } from '../../services/accounts/user-service.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { Time } from '../pages/components.tsx';
import { CsrfField, Notice } from '../pages/form-fields.tsx';
import { parseForm, seeOther } from '../pages/forms.ts';
import { Layout } from '../pages/layout.tsx';
import { requireConsoleAdmin } from './guard.ts';

const DONE: Record<string, string> = {
  updated: 'Saved. The user signs in again with the new role and sites.',
  revoked: 'The token was revoked; requests with it are refused from now on.',
};

/** "plant-a, plant-b" in a text field; empty means every site. */
const sitesField = z
  .string()
  .optional()
  .transform((text) =>
    (text ?? '')
      .split(/[\s,]+/)
      .map((site) => site.trim())
      .filter((site) => site !== ''),
  )
  .pipe(siteScopeSchema);

const userForm = userInputSchema.omit({ password: true, sites: true }).extend({ sites: sitesField });
const userUpdateForm = userUpdateSchema.omit({ sites: true, disabled: true }).extend({
  sites: sitesField,
  disabled: z
    .literal('on')
    .optional()
    .transform((value) => value === 'on'),
});
const tokenForm = apiTokenInputSchema.omit({ sites: true }).extend({ sites: sitesField });

/** /admin/users: accounts and API tokens. Secrets are shown once, in the answer to the POST. */
export function createUsersPage(services: ConsoleServices): Hono<AppEnv> {
  const render = (secret?: { label: string; value: string }, done?: string) => (
    <UsersPage users={services.users.list()} tokens={services.apiTokens.list()} secret={secret} done={done} />
  );
  return new Hono<AppEnv>()
    .get('/users', (c) => {
      requireConsoleAdmin(c);
      return c.html(render(undefined, c.req.query('done')));
    })
    .post('/users', async (c) => {
      requireConsoleAdmin(c);
      const { actor, input } = await parseForm(c, userForm);
      const created = await services.users.create(input, actor);
      return c.html(
        render({
          label: `One-time password for ${created.user.username}`,
          value: created.oneTimePassword ?? '',
        }),
      );
    })
    .post('/users/:userId', async (c) => {
      requireConsoleAdmin(c);
      const { actor, input } = await parseForm(c, userUpdateForm);
      services.users.update(z.string().uuid().parse(c.req.param('userId')), input, actor);
      return seeOther(c, '/admin/users?done=updated');
    })
    .post('/users/:userId/reset-password', async (c) => {
      requireConsoleAdmin(c);
      const { actor } = await parseForm(c, z.object({}));
      const userId = z.string().uuid().parse(c.req.param('userId'));
      const password = await services.users.resetPassword(userId, actor);
      const user = services.users.get(userId);
      return c.html(render({ label: `New one-time password for ${user.username}`, value: password }));
    })
    .post('/tokens', async (c) => {
      requireConsoleAdmin(c);
      const { actor, input } = await parseForm(c, tokenForm);
      const { token, view } = services.apiTokens.create(input, actor);
      return c.html(render({ label: `API token "${view.name}"`, value: token }));
    })
    .post('/tokens/:tokenId/revoke', async (c) => {
      requireConsoleAdmin(c);
      const { actor } = await parseForm(c, z.object({}));
      services.apiTokens.revoke(z.string().uuid().parse(c.req.param('tokenId')), actor);
      return seeOther(c, '/admin/users?done=revoked');
    });
}

function RoleSelect({ id, value }: { id: string; value?: string }) {
  return (
    <select id={id} name="role">
      {ROLES.map((role) => (
        <option value={role} selected={role === value}>
          {role}
        </option>
      ))}
    </select>
  );
}

function scopeText(sites: readonly string[] | null): string {
  return sites === null ? '' : sites.join(', ');
}

function UsersPage(props: {
  users: UserView[];
  tokens: ApiTokenView[];
  secret: { label: string; value: string } | undefined;
  done: string | undefined;
}) {
  const { users, tokens, secret, done } = props;
  return (
    <Layout title="Users and API tokens" nav="admin">
      <h1>Users and API tokens</h1>
      {secret === undefined ? null : (
        <section class="secret" role="status">
          <h2>{secret.label}</h2>
          <p>
            <code class="secret-value">{secret.value}</code>
          </p>
          <p class="muted">Shown once. Only its hash is stored: copy it now.</p>
        </section>
      )}
      <Notice code={done} messages={DONE} />
      <p class="muted">
        Roles: <b>admin</b> manages users, tokens and settings; <b>approver</b> decides drift;{' '}
        <b>technician</b> enrolls agents and sets owners for its sites; <b>viewer</b> reads. Sites: a
        comma-separated list of site ids, or empty for every site. A limited user never sees other sites, in
        pages, API or exports.
      </p>
      <h2>Users</h2>
      <table>
        <thead>
          <tr>
            <th>Username</th>
            <th>Role and sites</th>
            <th>Created</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr>
              <td>{user.username}</td>
              <td>
                <form method="post" action={`/admin/users/${user.userId}`} class="inline">
                  <CsrfField />
                  <RoleSelect id={`role-${user.userId}`} value={user.role} />{' '}
                  <input
                    name="sites"
                    value={scopeText(user.sites)}
                    placeholder="every site"
                    aria-label="sites"
                  />{' '}
                  <label>
                    <input type="checkbox" name="disabled" checked={user.disabledAt !== null} /> disabled
                  </label>{' '}
                  <button type="submit">Save</button>
                </form>
              </td>
              <td>
                <Time iso={user.createdAt} /> by {user.createdBy}
              </td>
              <td>
                {user.disabledAt !== null
                  ? 'disabled'
                  : user.mustChangePassword
                    ? 'one-time password'
                    : 'active'}
              </td>
              <td>
                <form method="post" action={`/admin/users/${user.userId}/reset-password`} class="inline">
                  <CsrfField />
                  <button type="submit">Reset password</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Add a user</h3>
      <form method="post" action="/admin/users" class="inline">
        <CsrfField />
        <label for="new-username">Username</label>{' '}
        <input id="new-username" name="username" required maxlength={64} /> <label for="new-role">Role</label>{' '}
        <RoleSelect id="new-role" value="viewer" /> <label for="new-sites">Sites</label>{' '}
        <input id="new-sites" name="sites" placeholder="every site" />{' '}
        <button type="submit">Add with a one-time password</button>
      </form>
      <h2>API tokens</h2>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>Sites</th>
            <th>Created</th>
            <th>Expires</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr>
              <td>{token.name}</td>
              <td>{token.role}</td>
              <td>{token.sites === null ? 'every site' : token.sites.join(', ')}</td>
              <td>
                <Time iso={token.createdAt} /> by {token.createdBy}
              </td>
              <td>{token.expiresAt === null ? 'never' : <Time iso={token.expiresAt} />}</td>
              <td>{token.lastUsedAt === null ? 'never' : <Time iso={token.lastUsedAt} />}</td>
              <td>
                {token.revokedAt !== null ? (
                  'revoked'
                ) : (
                  <form method="post" action={`/admin/tokens/${token.tokenId}/revoke`} class="inline">
                    <CsrfField />
                    <button type="submit">Revoke</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Create an API token</h3>
      <form method="post" action="/admin/tokens" class="inline">
        <CsrfField />
        <label for="token-name">Name</label> <input id="token-name" name="name" required maxlength={64} />{' '}
        <label for="token-role">Role</label> <RoleSelect id="token-role" value="viewer" />{' '}
        <label for="token-sites">Sites</label>{' '}
        <input id="token-sites" name="sites" placeholder="every site" />{' '}
        <label for="token-days">Expires in days</label>{' '}
        <input id="token-days" name="expiresInDays" type="number" min={1} max={3650} value="90" />{' '}
        <button type="submit">Create token</button>
      </form>
    </Layout>
  );
}
