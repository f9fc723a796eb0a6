/**
 * All times are stored as ISO 8601 UTC strings with milliseconds (`2026-11-22T10:00:00.000Z`), so
 * that they sort as text. Agents may send any offset the protocol admits; this normalizes them.
 */
export function isoUtc(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}
