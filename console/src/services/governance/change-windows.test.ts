import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeWindowInputSchema } from '../../governance/inputs.ts';
import {
  createGovernanceFixture,
  type GovernanceFixture,
  polledAt,
  pressWith,
} from '../../testing/governance-fixture.ts';
import { inventoryMessage } from '../../testing/messages.ts';

let f: GovernanceFixture;
let seq = 0;
const send = (...snapshots: Parameters<typeof inventoryMessage>[1] & object) => {
  seq += 1;
  f.ingest.ingest(inventoryMessage({ seq }, snapshots));
};
const window = (input: Record<string, unknown>) =>
  f.services.changeWindows.create(
    changeWindowInputSchema.parse({
      siteId: 'plant-a',
      startsAt: '2026-11-22T11:00:00Z',
      endsAt: '2026-11-22T13:00:00+00:00',
      ticket: 'CHG-42',
      owner: 'OT maintenance',
      ...input,
    }),
    'alice',
  );

beforeEach(async () => {
  seq = 0;
  f = await createGovernanceFixture();
  send(pressWith());
});
afterEach(async () => {
  await f.close();
});

describe('change windows', () => {
  it('classifies drift inside a window as planned, and approving it uses the window ticket', () => {
    const created = window({ assetIds: ['press-01'] });
    send(polledAt(pressWith({ setpoint: 120 }), '2026-11-22T12:00:00.000Z'));
    const [record] = f.records();
    expect(record).toMatchObject({ state: 'planned', changeWindowId: created.id });
    expect(f.services.drift.get(record?.id ?? 0).changeWindow).toMatchObject({
      ticket: 'CHG-42',
      owner: 'OT maintenance',
    });
    const approved = f.services.decisions.decide(
      record?.id ?? 0,
      { decision: 'approve', comment: 'as planned' },
      'bob',
    );
    expect(approved).toMatchObject({ state: 'approved', ticket: 'CHG-42' });
  });

  it('leaves drift outside the window, on other assets, or in a cancelled window open', () => {
    window({ assetIds: ['press-02'] });
    const cancelled = window({});
    f.services.changeWindows.cancel(cancelled.id, 'alice');
    send(polledAt(pressWith({ setpoint: 120 }), '2026-11-22T12:00:00.000Z'));
    expect(f.records()).toMatchObject([{ state: 'open', changeWindowId: null }]);
  });

  it('plans drift already open when a window covering it is entered afterwards', () => {
    send(polledAt(pressWith({ setpoint: 120 }), '2026-11-22T11:30:00.000Z'));
    const created = window({});
    expect(created.plannedRecords).toBe(1);
    expect(f.records()).toMatchObject([{ state: 'planned', changeWindowId: created.id }]);
  });

  it('turns a planned record back to open when it grows outside its window', () => {
    window({});
    send(polledAt(pressWith({ setpoint: 120 }), '2026-11-22T12:00:00.000Z'));
    send(polledAt(pressWith({ setpoint: 130 }), '2026-11-22T14:00:00.000Z'));
    expect(f.records()).toMatchObject([{ state: 'open', changes: [{ after: 130 }] }]);
  });

  it('audits creation and cancellation, and refuses unknown sites and inverted times', () => {
    const created = window({});
    f.services.changeWindows.cancel(created.id, 'carol');
    expect(() => f.services.changeWindows.cancel(created.id, 'carol')).toThrow(/already cancelled/);
    expect(f.audit().map((entry) => [entry.actor, entry.action])).toEqual([
      ['system', 'baseline.initial'],
      ['alice', 'change_window.created'],
      ['carol', 'change_window.cancelled'],
    ]);
    expect(() => window({ siteId: 'plant-z' })).toThrow(/no site plant-z/);
    expect(
      changeWindowInputSchema.safeParse({
        siteId: 'plant-a',
        startsAt: '2026-11-22T13:00:00Z',
        endsAt: '2026-11-22T11:00:00Z',
        ticket: 'T',
        owner: 'o',
      }).success,
    ).toBe(false);
  });
});
