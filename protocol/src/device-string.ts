import { z } from 'zod';
import { LIMITS } from './limits.ts';

// C0 controls and DEL. Devices pad strings with NUL and sometimes return garbage bytes; none of it
// is text a person should see or that a terminal, log or page should interpret.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const HAS_CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** A string that came from a device: bounded and free of control characters. */
export const deviceStringSchema = z
  .string()
  .max(LIMITS.deviceString)
  .refine((value) => !HAS_CONTROL_CHARACTER.test(value), 'must not contain control characters');

/**
 * Turns raw device text into a string the schema accepts: drops control characters (NUL padding
 * included), trims, and cuts to the limit without splitting a surrogate pair.
 */
export function sanitizeDeviceString(raw: string, maxLength: number = LIMITS.deviceString): string {
  const cleaned = raw.replace(CONTROL_CHARACTERS, '').trim();
  if (cleaned.length <= maxLength) return cleaned;
  let cut = cleaned.slice(0, maxLength);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}
