/**
 * Two hot formatters of the generator, several times faster than the general ones and with the
 * same output for the values it writes (checked in generate-fleet.test.ts).
 */

const dayPrefixes = new Map<number, string>();
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** `new Date(ms).toISOString()` for times after 1970, with the day's prefix cached. */
export function iso(ms: number): string {
  const whole = Math.floor(ms);
  const day = Math.floor(whole / 86_400_000);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = whole - day * 86_400_000;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  const milliText = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : `${millis}`;
  return `${prefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${milliText}Z`;
}

/**
 * The console's canonical JSON (sorted keys, no whitespace, undefined properties dropped) for
 * plain JSON data: strings, finite numbers, booleans, null, arrays and objects. It skips the
 * general encoder's path bookkeeping, which is only there for error messages.
 */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      out += value[i] === undefined ? 'null' : canonical(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonical(item)}`;
  }
  return `${out}}`;
}
