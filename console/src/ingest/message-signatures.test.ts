import { sign } from 'node:crypto';
import { agentTopic, signedPayload } from '@plantwatch/protocol';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { type AgentKeys, agentKeys, enrollRequest } from '../testing/agent-keys.ts';
import { createGovernanceFixture, type GovernanceFixture } from '../testing/governance-fixture.ts';
import { createMemoryLogger } from '../testing/memory-logger.ts';
import { assetSnapshot, inventoryMessage, statusMessage } from '../testing/messages.ts';
import { type AgentMessageHandler, createAgentMessageHandler } from './agent-message-handler.ts';
import { createMessageSignatureCheck } from './message-signatures.ts';

const admin: Principal = { kind: 'user', id: 'admin-id', actor: 'admin-1', role: 'admin', sites: null };

let f: GovernanceFixture;
let keys: AgentKeys;
let handle: AgentMessageHandler;
const makeHandler = (allowUnsignedAgents: boolean) =>
  createAgentMessageHandler({
    ingest: f.ingest,
    logger: createMemoryLogger().logger,
    signatures: createMessageSignatureCheck(f.database.db, { allowUnsignedAgents }),
  });

beforeEach(async () => {
  f = await createGovernanceFixture();
  keys = agentKeys();
  const { token } = f.services.enrollment.createToken(
    { siteId: 'plant-a', owner: 'OT', purpose: 'press gateway', ttlMinutes: 60 },
    admin,
  );
  f.services.enrollment.redeem(enrollRequest(token, keys, 'gw-01'));
  handle = makeHandler(false);
});
afterEach(async () => {
  await f.close();
});

type Message = Parameters<typeof signedPayload>[0] & { type: 'status' | 'inventory' | 'drift' };
const signedBy = (message: Message, by: AgentKeys = keys) =>
  Buffer.from(signedPayload(message, (bytes) => sign(null, bytes, by.privateKey)));
const deliver = (message: Message, payload: Buffer, agentId = 'gw-01') =>
  handle(agentTopic('plant-a', agentId, message.type), payload);
const counts = () => f.ingest.stats();

describe('signed messages from an enrolled agent', () => {
  it('are accepted when the signature verifies, and refused and counted when unsigned or forged', () => {
    const first = inventoryMessage({ seq: 1 }, [assetSnapshot()]);
    deliver(first, signedBy(first));
    expect(counts()).toMatchObject({ accepted: 1, rejected: {} });

    const unsigned = inventoryMessage({ seq: 2 }, [assetSnapshot()]);
    deliver(unsigned, Buffer.from(JSON.stringify(unsigned)));
    const otherKey = inventoryMessage({ seq: 3 }, [assetSnapshot()]);
    deliver(otherKey, signedBy(otherKey, agentKeys()));
    const tampered = JSON.parse(signedBy(inventoryMessage({ seq: 4 }, [assetSnapshot()])).toString());
    tampered.assets[0].host = '10.6.6.6';
    deliver(tampered, Buffer.from(JSON.stringify(tampered)));
    const badSig = { ...inventoryMessage({ seq: 5 }, [assetSnapshot()]), sig: { v: 1, value: 'x' } };
    deliver(badSig, Buffer.from(JSON.stringify(badSig)));
    expect(counts()).toMatchObject({ accepted: 1, rejected: { unsigned: 1, forged: 3 } });
  });

  it('tell a redelivery (a duplicate, no effect) from a replay of a message no longer remembered', () => {
    const messages = [1, 2, 3].map((seq) => inventoryMessage({ seq }, [assetSnapshot()]));
    for (const message of messages) deliver(message, signedBy(message));
    // Redelivery (MQTT at least once, or an outbox resend): ignored, counted as a duplicate.
    deliver(messages[1] as Message, signedBy(messages[1] as Message));
    expect(counts()).toMatchObject({ accepted: 3, duplicates: 1 });
    // Retention forgot #2; sent again, it would be stored twice: a replay.
    f.database.db.run(sql`delete from ingested_messages where agent_id = 'gw-01' and seq = 2`);
    deliver(messages[1] as Message, signedBy(messages[1] as Message));
    expect(counts()).toMatchObject({ accepted: 3, duplicates: 1, rejected: { replayed: 1 } });
    // A status may come after later messages (a will): only duplicates are refused.
    const will = statusMessage({ seq: 0 }, { state: 'offline' });
    deliver(will, signedBy(will));
    expect(counts()).toMatchObject({ accepted: 4 });
  });

  it('are refused once the agent is revoked, and unsigned unknown agents only in development mode', () => {
    f.services.enrollment.revoke('gw-01', admin);
    const message = inventoryMessage({ seq: 1 }, [assetSnapshot()]);
    deliver(message, signedBy(message));
    const stranger = inventoryMessage({ seq: 1, agentId: 'gw-x' }, [assetSnapshot()]);
    deliver(stranger, Buffer.from(JSON.stringify(stranger)), 'gw-x');
    expect(counts()).toMatchObject({ accepted: 0, rejected: { revoked: 1, unsigned: 1 } });
    handle = makeHandler(true);
    deliver(stranger, Buffer.from(JSON.stringify(stranger)), 'gw-x');
    expect(counts()).toMatchObject({ accepted: 1 });
  });
});

describe('sequence gaps', () => {
  const gapsOf = () => {
    const agent = f.services.agents.list(null, {}, { limit: 10, offset: 0, sort: 'agent', dir: 'asc' })
      .items[0];
    if (!agent) throw new Error('no agent');
    return f.services.sequenceGaps.forAgent(agent);
  };

  it('count numbers that never arrived once settled, not wills below a status or declared unsent', () => {
    // #1 inventory; #2 the will and #3 the online status of a connection; #4 inventory; #5 lost;
    // #6 inventory; #7-#8 will and online of a connection that was never accepted; #9-#10 the next.
    const first = inventoryMessage({ seq: 1 }, [assetSnapshot()]);
    deliver(first, signedBy(first));
    const online = statusMessage({ seq: 3 }, { outbox: outbox(0) });
    deliver(online, signedBy(online));
    for (const seq of [4, 6]) {
      const message = inventoryMessage({ seq }, [assetSnapshot()]);
      deliver(message, signedBy(message));
    }
    expect(gapsOf()).toEqual({ missing: 0, ranges: [], awaiting: 1 });
    f.clock.advance(300_000);
    expect(gapsOf()).toMatchObject({ missing: 1, ranges: [{ from: 5, to: 5 }] });
    const next = statusMessage({ seq: 10 }, { outbox: outbox(0), unsentSeqs: [7, 8] });
    deliver(next, signedBy(next));
    f.clock.advance(300_000);
    expect(gapsOf()).toEqual({ missing: 1, ranges: [{ from: 5, to: 5 }], awaiting: 0 });
  });
});

function outbox(depth: number) {
  return { depth, bytes: 0, oldestAgeMs: null, dropped: { inventory: 0, drift: 0 } };
}
