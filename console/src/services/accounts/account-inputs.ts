import { idSchema } from '@plantwatch/protocol';
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../auth/password.ts';
import { ROLES } from '../../auth/roles.ts';

/** What people send about accounts and API tokens. Routes and the CLI parse with these. */

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._@-]{1,63}$/,
    '2-64 characters: letters, digits and . _ @ - (starting with a letter or digit)',
  );

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

/** A list of site ids, or absent/empty for every site. */
export const siteScopeSchema = z
  .array(idSchema)
  .max(1_000)
  .transform((sites) => (sites.length === 0 ? null : [...new Set(sites)].sort()));

export const userInputSchema = z.object({
  username: usernameSchema,
  role: z.enum(ROLES),
  sites: siteScopeSchema.prefault([]),
  /** Absent: a one-time password is generated and must be changed at first sign-in. */
  password: passwordSchema.optional(),
});
export type UserInput = z.output<typeof userInputSchema>;

export const userUpdateSchema = z.object({
  role: z.enum(ROLES),
  sites: siteScopeSchema.prefault([]),
  disabled: z.boolean().default(false),
});
export type UserUpdate = z.output<typeof userUpdateSchema>;

export const apiTokenInputSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, '1-64 characters: letters, digits, spaces and . _ -'),
  role: z.enum(ROLES),
  sites: siteScopeSchema.prefault([]),
  /** Days until the token expires; absent for no expiry. */
  expiresInDays: z.coerce.number().int().min(1).max(3_650).optional(),
});
export type ApiTokenInput = z.output<typeof apiTokenInputSchema>;

export function parseScope(stored: string | null): readonly string[] | null {
  if (stored === null) return null;
  const parsed: unknown = JSON.parse(stored);
  // A stored scope that is not a list of strings is treated as "no site": never as "every site".
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
}

export function storeScope(sites: readonly string[] | null): string | null {
  return sites === null ? null : JSON.stringify(sites);
}
