import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { agents, assets, configVersions, ingestedMessages, sites } from '../db/schema/index.ts';

const p = sql.placeholder;

/**
 * A placeholder in an UPDATE's `set()`. Drizzle's types leave placeholders out there, but at run
 * time it binds them like any value, through the column's encoder (JSON, booleans).
 */
const setTo = (name: string) => p(name) as unknown as SQL;

/**
 * The queries every message runs, built once. Building a drizzle query (walking its column
 * objects, escaping names, merging SQL chunks) cost more CPU than SQLite spent running it, and
 * ingest runs these for every message. better-sqlite3 is one synchronous connection, so statements
 * prepared on the database run inside whichever transaction is open.
 */
export function prepareIngestStatements(db: ConsoleDatabase) {
  const assetKey = and(eq(assets.siteId, p('siteId')), eq(assets.assetId, p('assetId')));
  return {
    agentSite: db
      .select({ siteId: agents.siteId })
      .from(agents)
      .where(eq(agents.agentId, p('agentId')))
      .prepare(),
    seenMessage: db
      .select({ seq: ingestedMessages.seq })
      .from(ingestedMessages)
      .where(and(eq(ingestedMessages.agentId, p('agentId')), eq(ingestedMessages.seq, p('seq'))))
      .prepare(),
    insertMessage: db
      .insert(ingestedMessages)
      .values({
        agentId: p('agentId'),
        seq: p('seq'),
        siteId: p('siteId'),
        type: p('type'),
        receivedAt: p('at'),
      })
      .prepare(),
    touchSite: db
      .insert(sites)
      .values({ siteId: p('siteId'), firstSeenAt: p('at'), lastSeenAt: p('at') })
      .onConflictDoUpdate({ target: sites.siteId, set: { lastSeenAt: setTo('at') } })
      .prepare(),
    touchAgent: db
      .insert(agents)
      .values({
        agentId: p('agentId'),
        siteId: p('siteId'),
        state: 'unknown',
        firstSeenAt: p('at'),
        lastSeenAt: p('at'),
        lastSeq: p('seq'),
      })
      .onConflictDoUpdate({
        target: agents.agentId,
        set: { lastSeenAt: setTo('at'), lastSeq: sql`max(${agents.lastSeq}, ${p('seq')})` },
      })
      .prepare(),
    currentAsset: db
      .select({
        agentId: assets.agentId,
        lastSeq: assets.lastSeq,
        fingerprint: assets.fingerprint,
        consecutiveFailures: assets.consecutiveFailures,
        protocol: assets.protocol,
        host: assets.host,
      })
      .from(assets)
      .where(assetKey)
      .prepare(),
    insertConfigVersion: db
      .insert(configVersions)
      .values({ fingerprint: p('fingerprint'), state: p('state'), firstSeenAt: p('at') })
      .onConflictDoNothing()
      .prepare(),
    /** A successful poll of a known asset: every observed column, keyed by site and asset. */
    updateObservedAsset: db
      .update(assets)
      .set({
        protocol: setTo('protocol'),
        host: setTo('host'),
        port: setTo('port'),
        unitId: setTo('unitId'),
        identity: setTo('identity'),
        values: setTo('values'),
        fingerprint: setTo('fingerprint'),
        agentId: setTo('agentId'),
        poll: setTo('poll'),
        pollOk: setTo('pollOk'),
        lastPollAt: setTo('lastPollAt'),
        lastOkAt: setTo('lastPollAt'),
        lastSeq: setTo('lastSeq'),
        updatedAt: setTo('updatedAt'),
        consecutiveFailures: 0,
      })
      .where(assetKey)
      .prepare(),
    /**
     * A successful poll that found the configuration, protocol and host as they were: the common
     * case. It leaves out the columns the inventory's indexes and search triggers are built from
     * (identity, host, protocol), so that SQLite does not rewrite those for every poll.
     */
    updatePolledAsset: db
      .update(assets)
      .set({
        port: setTo('port'),
        unitId: setTo('unitId'),
        values: setTo('values'),
        agentId: setTo('agentId'),
        poll: setTo('poll'),
        pollOk: setTo('pollOk'),
        lastPollAt: setTo('lastPollAt'),
        lastOkAt: setTo('lastPollAt'),
        lastSeq: setTo('lastSeq'),
        updatedAt: setTo('updatedAt'),
        consecutiveFailures: 0,
      })
      .where(assetKey)
      .prepare(),
  };
}

export type IngestStatements = ReturnType<typeof prepareIngestStatements>;
