import type { PointValue, ScalarValue, ValueClass } from '@plantwatch/protocol';
import type { SnmpVarbind } from './varbind.ts';

/**
 * Collects a poll's values and the paths it had to skip: a varbind that is present but not of the
 * type its MIB promises (or an exception) is left out and counted, so the poll reports what it can.
 */
export interface ValueList {
  readonly values: PointValue[];
  readonly skipped: string[];
  add(path: string, valueClass: ValueClass, value: ScalarValue, unit?: string): void;
  /** Adds `decode(varbind)`; skips a present varbind it cannot decode; ignores an absent one. */
  decoded<T extends ScalarValue>(
    path: string,
    valueClass: ValueClass,
    varbind: SnmpVarbind | undefined,
    decode: (varbind: SnmpVarbind) => T | undefined,
  ): T | undefined;
}

export function createValueList(): ValueList {
  const values: PointValue[] = [];
  const skipped: string[] = [];
  const add = (path: string, valueClass: ValueClass, value: ScalarValue, unit?: string) => {
    values.push({ path, class: valueClass, value, ...(unit ? { unit } : {}) });
  };
  return {
    values,
    skipped,
    add,
    decoded(path, valueClass, varbind, decode) {
      if (!varbind || varbind.kind === 'noSuchObject' || varbind.kind === 'noSuchInstance') return undefined;
      const value = decode(varbind);
      if (value === undefined) skipped.push(path);
      else add(path, valueClass, value);
      return value;
    },
  };
}
