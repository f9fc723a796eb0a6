import { Hono } from 'hono';
import { z } from 'zod';
import {
  apiTokenInputSchema,
  userInputSchema,
  userUpdateSchema,
} from '../../services/accounts/account-inputs.ts';
import type { ConsoleServices } from '../../services/index.ts';
import { parseJsonBody } from '../api/mutations.ts';
import type { AppEnv } from '../env.ts';
import { requireConsoleAdmin } from './guard.ts';

const idParam = z.string().uuid();

/** /api/v1/users and /api/v1/tokens: accounts and API tokens, for admins of every site. */
export function createAccountApi(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/users', (c) => {
      requireConsoleAdmin(c);
      return c.json({ items: services.users.list() });
    })
    .post('/users', async (c) => {
      const { actor } = requireConsoleAdmin(c);
      const input = await parseJsonBody(c, userInputSchema);
      return c.json(await services.users.create(input, actor), 201);
    })
    .put('/users/:userId', async (c) => {
      const { actor } = requireConsoleAdmin(c);
      const userId = idParam.parse(c.req.param('userId'));
      const input = await parseJsonBody(c, userUpdateSchema);
      return c.json(services.users.update(userId, input, actor));
    })
    .post('/users/:userId/reset-password', async (c) => {
      const { actor } = requireConsoleAdmin(c);
      const userId = idParam.parse(c.req.param('userId'));
      return c.json({ oneTimePassword: await services.users.resetPassword(userId, actor) });
    })
    .get('/tokens', (c) => {
      requireConsoleAdmin(c);
      return c.json({ items: services.apiTokens.list() });
    })
    .post('/tokens', async (c) => {
      const { actor } = requireConsoleAdmin(c);
      const input = await parseJsonBody(c, apiTokenInputSchema);
      const { token, view } = services.apiTokens.create(input, actor);
      return c.json({ ...view, token }, 201);
    })
    .post('/tokens/:tokenId/revoke', (c) => {
      const { actor } = requireConsoleAdmin(c);
      const tokenId = idParam.parse(c.req.param('tokenId'));
      return c.json(services.apiTokens.revoke(tokenId, actor));
    });
}
