import type { TrackedState } from './fingerprint.ts';
import type { ScalarValue, ValueChange } from './messages.ts';

/**
 * The one diff used by the agent (to detect drift) and the console (to compare versions).
 * Changes are field-level and sorted by path so that the same two states always give the same list.
 */
export function diffStates(before: TrackedState, after: TrackedState): ValueChange[] {
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: ValueChange[] = [];
  for (const path of [...paths].sort()) {
    const had = Object.hasOwn(before, path);
    const has = Object.hasOwn(after, path);
    const previous = had ? (before[path] as ScalarValue) : null;
    const next = has ? (after[path] as ScalarValue) : null;
    if (had && has) {
      if (!sameValue(previous, next))
        changes.push({ path, change: 'changed', before: previous, after: next });
    } else if (has) {
      changes.push({ path, change: 'added', before: null, after: next });
    } else {
      changes.push({ path, change: 'removed', before: previous, after: null });
    }
  }
  return changes;
}

function sameValue(a: ScalarValue, b: ScalarValue): boolean {
  // Not Object.is: that tells 0 from -0, which canonical JSON (and so the fingerprint) does not.
  // NaN cannot occur: the schema only admits finite numbers.
  return a === b;
}
