import { enrollRequestSchema, idSchema } from '@plantwatch/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { enrollmentTokenInputSchema } from '../../services/enrollment/enrollment-inputs.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { parseJsonBody } from './mutations.ts';
import { pageQuery, parseParams, parseQuery } from './params.ts';
import { type RateLimitOptions, rateLimit } from './rate-limit.ts';

const listQuery = pageQuery.extend({ siteId: idSchema.optional() });
const agentParams = z.object({ agentId: idSchema });

export const ENROLL_RATE_LIMIT: RateLimitOptions = { perClient: 20, overall: 200, windowMs: 60_000 };

/**
 * Agent enrollment: `POST /enroll` is for agents and takes no session (the single-use token is the
 * credential; rate limited); the rest is for people with the `enroll` permission, within their
 * sites. Answers that carry a secret are never cached.
 */
export function createEnrollmentRoutes(
  services: ConsoleServices,
  options: { rateLimit?: RateLimitOptions } = {},
): Hono<AppEnv> {
  const enrollment = services.enrollment;
  return new Hono<AppEnv>()
    .post('/enroll', rateLimit(options.rateLimit ?? ENROLL_RATE_LIMIT), async (c) => {
      const enrolled = enrollment.redeem(await parseJsonBody(c, enrollRequestSchema));
      c.header('Cache-Control', 'no-store');
      return c.json(enrolled, 201);
    })
    .get('/enrollment-tokens', (c) => {
      const { siteId, ...page } = parseQuery(c, listQuery);
      return c.json(enrollment.listTokens(c.get('principal'), { siteId }, page));
    })
    .post('/enrollment-tokens', async (c) => {
      const input = await parseJsonBody(c, enrollmentTokenInputSchema);
      c.header('Cache-Control', 'no-store');
      return c.json(enrollment.createToken(input, c.get('principal')), 201);
    })
    .get('/agent-identities', (c) => {
      const { siteId, ...page } = parseQuery(c, listQuery);
      return c.json(enrollment.listIdentities(c.get('principal'), { siteId }, page));
    })
    .get('/agent-identities/:agentId', (c) =>
      c.json(enrollment.getIdentity(c.get('principal'), parseParams(c, agentParams).agentId)),
    )
    .post('/agent-identities/:agentId/revoke', (c) =>
      c.json(enrollment.revoke(parseParams(c, agentParams).agentId, c.get('principal'))),
    )
    .post('/agent-identities/:agentId/rotate', (c) => {
      const rotated = enrollment.rotate(parseParams(c, agentParams).agentId, c.get('principal'));
      c.header('Cache-Control', 'no-store');
      return c.json(rotated);
    });
}
