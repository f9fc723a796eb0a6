import { z } from 'zod';
import { LIMITS } from './limits.ts';

/**
 * Ids appear inside MQTT topics, URLs and file names, so they are restricted to a small alphabet:
 * no `+`, `#` or `/` (topic wildcards and separators), no spaces, no dots at the start.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const idSchema = z
  .string()
  .min(1)
  .max(LIMITS.idLength)
  .regex(ID_PATTERN, 'must start with a letter or digit and use only letters, digits, ".", "_" and "-"');

export function isValidId(value: string): boolean {
  return idSchema.safeParse(value).success;
}
