import { describe, expect, it } from 'vitest';
import type { SnmpVarbind } from './varbind.ts';
import { type NextBatch, walkSubtree } from './walk.ts';

const BASE = '1.3.6.1.2.1.2.2.1.2';
const varbind = (oid: string, kind: SnmpVarbind['kind'] = 'octets'): SnmpVarbind => ({
  oid,
  kind,
  value: null,
});

/** A scripted device: answers each request with the next batch, and remembers what was asked. */
function device(...batches: SnmpVarbind[][]): NextBatch & { asked: [string, number][] } {
  const asked: [string, number][] = [];
  const next = async (cursor: string, count: number) => {
    asked.push([cursor, count]);
    return batches.shift() ?? [];
  };
  return Object.assign(next, { asked });
}

describe('walkSubtree', () => {
  it('stops at the first OID outside the subtree, and continues from the last one inside', async () => {
    const next = device(
      [varbind(`${BASE}.1`), varbind(`${BASE}.2`)],
      [varbind(`${BASE}.10`), varbind('1.3.6.1.2.1.2.2.1.3.1')],
    );
    const result = await walkSubtree(BASE, 100, 2, next);
    expect(result.varbinds.map((v) => v.oid)).toEqual([`${BASE}.1`, `${BASE}.2`, `${BASE}.10`]);
    expect(result.truncated).toBe(false);
    expect(next.asked).toEqual([
      [BASE, 2],
      [`${BASE}.2`, 2],
    ]);
  });

  it('stops at endOfMibView and at an empty answer', async () => {
    const ended = await walkSubtree(
      BASE,
      100,
      5,
      device([varbind(`${BASE}.1`), varbind(`${BASE}.1`, 'endOfMibView')]),
    );
    expect(ended.varbinds).toHaveLength(1);
    expect((await walkSubtree(BASE, 100, 5, device([]))).varbinds).toEqual([]);
  });

  it('reports truncation only when a value past the bound exists', async () => {
    const three = [varbind(`${BASE}.1`), varbind(`${BASE}.2`), varbind(`${BASE}.3`)];
    // A real agent fills the batch with whatever follows, here the next column.
    const exact = device([...three, varbind('1.3.6.1.2.1.2.2.1.3.1')]);
    expect(await walkSubtree(BASE, 3, 10, exact)).toMatchObject({ truncated: false });
    expect(exact.asked).toEqual([[BASE, 4]]);
    expect(await walkSubtree(BASE, 2, 10, device(three))).toMatchObject({ truncated: true });
  });

  it('refuses an OID that does not follow the last one: a looping agent', async () => {
    const looping = device([varbind(`${BASE}.5`), varbind(`${BASE}.3`)]);
    await expect(walkSubtree(BASE, 100, 5, looping)).rejects.toMatchObject({
      code: 'device_error',
      message: expect.stringMatching(
        /returned 1\.3\.6\.1\.2\.1\.2\.2\.1\.2\.3 after 1\.3\.6\.1\.2\.1\.2\.2\.1\.2\.5, out of order/,
      ),
    });
    const repeating = device([varbind(`${BASE}.5`)], [varbind(`${BASE}.5`)]);
    await expect(walkSubtree(BASE, 100, 1, repeating)).rejects.toThrow(/out of order/);
  });
});
