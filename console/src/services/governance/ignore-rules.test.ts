import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ignoreRuleInputSchema } from '../../governance/inputs.ts';
import {
  createGovernanceFixture,
  type GovernanceFixture,
  pressWith,
} from '../../testing/governance-fixture.ts';
import { inventoryMessage } from '../../testing/messages.ts';

let f: GovernanceFixture;
let seq = 0;
const send = (...snapshots: Parameters<typeof inventoryMessage>[1] & object) => {
  seq += 1;
  f.ingest.ingest(inventoryMessage({ seq }, snapshots));
};
const rule = (input: Record<string, unknown>) => ignoreRuleInputSchema.parse(input);

beforeEach(async () => {
  seq = 0;
  f = await createGovernanceFixture();
});
afterEach(async () => {
  await f.close();
});

describe('ignore rules', () => {
  it('filters matching paths out of drift, and raises nothing when every change is ignored', () => {
    f.services.ignoreRules.create(
      rule({ scope: 'global', pathPattern: 'mode', reason: 'operators switch modes' }),
      'alice',
    );
    send(pressWith());
    send(pressWith({ mode: 'manual' }));
    expect(f.records()).toEqual([]);
    send(pressWith({ mode: 'manual', setpoint: 1 }));
    expect(f.records()).toMatchObject([
      {
        changes: [{ path: 'setpoints[0]' }],
        ignoredChanges: [{ path: 'mode', before: 'auto', after: 'manual', ruleId: 1 }],
      },
    ]);
  });

  it('applies per asset and per model, with globs', () => {
    const rules = f.services.ignoreRules;
    rules.create(
      rule({ scope: 'asset', siteId: 'plant-a', assetId: 'other', pathPattern: 'setpoints[*]', reason: 'x' }),
      'bob',
    );
    rules.create(
      rule({ scope: 'model', model: 'X1', pathPattern: 'program_*', reason: 'vendor rewrites it' }),
      'bob',
    );
    send(pressWith());
    send(pressWith({ setpoint: 5, checksum: 1 }));
    expect(f.records()).toMatchObject([
      { changes: [{ path: 'setpoints[0]' }], ignoredChanges: [{ path: 'program_checksum', ruleId: 2 }] },
    ]);
  });

  it('keeps every version and audits every change, and a disabled rule stops filtering', () => {
    const rules = f.services.ignoreRules;
    const created = rules.create(rule({ scope: 'global', pathPattern: 'mode', reason: 'noise' }), 'alice');
    rules.update(
      created.id,
      rule({ scope: 'global', pathPattern: 'mod?', reason: 'noise, any mode' }),
      'bob',
    );
    rules.setEnabled(created.id, false, 'carol');
    expect(rules.get(created.id)).toMatchObject({
      version: 3,
      enabled: false,
      versions: [
        { version: 3, enabled: false, savedBy: 'carol' },
        { version: 2, pathPattern: 'mod?', savedBy: 'bob' },
        { version: 1, pathPattern: 'mode', savedBy: 'alice' },
      ],
    });
    expect(f.audit().map((entry) => [entry.actor, entry.action])).toEqual([
      ['alice', 'ignore_rule.created'],
      ['bob', 'ignore_rule.updated'],
      ['carol', 'ignore_rule.disabled'],
    ]);
    send(pressWith());
    send(pressWith({ mode: 'manual' }));
    expect(f.records()).toMatchObject([{ changes: [{ path: 'mode' }] }]);
  });

  it('refuses a rule without the fields its scope needs', () => {
    expect(
      ignoreRuleInputSchema.safeParse({ scope: 'asset', siteId: 'plant-a', pathPattern: 'x', reason: 'r' })
        .success,
    ).toBe(false);
    expect(
      ignoreRuleInputSchema.safeParse({ scope: 'global', pathPattern: 'a b', reason: 'r' }).success,
    ).toBe(false);
  });
});
