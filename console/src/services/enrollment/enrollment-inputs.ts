import { idSchema } from '@plantwatch/protocol';
import { z } from 'zod';
import { ownerSchema, purposeSchema } from '../../governance/inputs.ts';

/** At most a week: a token is meant to be used by the technician who asked for it, soon. */
export const MAX_TOKEN_TTL_MINUTES = 7 * 24 * 60;

/** What a person sends to create an enrollment token (API body, page form, CLI options). */
export const enrollmentTokenInputSchema = z.object({
  siteId: idSchema,
  /** Who answers for the agent (a person or a team). */
  owner: ownerSchema,
  /** What the agent is for, e.g. "line 3 PLCs and switches". */
  purpose: purposeSchema,
  ttlMinutes: z.coerce.number().int().min(1).max(MAX_TOKEN_TTL_MINUTES).default(60),
});
export type EnrollmentTokenInput = z.output<typeof enrollmentTokenInputSchema>;
