import type { Link } from '@plantwatch/protocol';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { assets, reviewItems } from '../../db/schema/index.ts';
import type { DiscoveryHooks } from './governance-ingest.ts';
import { portLabel } from './link-keys.ts';

/** The review-queue key of a host a switch reported: its MAC, else its IP, else its LLDP identity. */
export function hostKey(link: Link): string | undefined {
  if (link.mac) return `mac:${link.mac}`;
  if (link.ip) return `ip:${link.ip}`;
  const lldp = link.remoteChassis ?? link.remoteName;
  return lldp ? `lldp:${lldp}` : undefined;
}

/**
 * Puts new assets in the review queue: a polled asset on its first snapshot, and each host a
 * switch newly reports. A host whose IP is a polled asset's address at the same site is that
 * asset, already queued under its own id. Several links about one host (ARP gives its IP, the
 * forwarding table its port) merge into one entry; what was already known is kept.
 */
export function createDiscovery(): DiscoveryHooks {
  return {
    assetFirstSeen(tx, siteId, agentId, assetId, at) {
      tx.insert(reviewItems)
        .values({
          siteId,
          origin: 'polled',
          itemKey: `asset:${assetId}`,
          assetId,
          agentId,
          status: 'pending',
          firstSeenAt: at,
          lastSeenAt: at,
        })
        .onConflictDoNothing()
        .run();
    },

    linksSeen(tx, siteId, switchAssetId, links, at) {
      const polledHosts = polledAddresses(tx, siteId);
      for (const link of links) {
        const key = hostKey(link);
        if (key === undefined || (link.ip !== undefined && polledHosts.has(link.ip))) continue;
        upsertHost(tx, siteId, switchAssetId, key, link, at);
      }
    },
  };
}

function polledAddresses(tx: Tx, siteId: string): Set<string> {
  return new Set(
    tx
      .select({ host: assets.host })
      .from(assets)
      .where(eq(assets.siteId, siteId))
      .all()
      .map((row) => row.host),
  );
}

function upsertHost(
  tx: Tx,
  siteId: string,
  switchAssetId: string,
  key: string,
  link: Link,
  at: string,
): void {
  const port = portLabel(link) || null;
  tx.insert(reviewItems)
    .values({
      siteId,
      origin: 'discovered',
      itemKey: key,
      mac: link.mac ?? null,
      ip: link.ip ?? null,
      switchAssetId,
      port,
      vlan: link.vlan ?? null,
      linkSource: link.source,
      remoteName: link.remoteName ?? null,
      status: 'pending',
      firstSeenAt: at,
      lastSeenAt: at,
    })
    .onConflictDoUpdate({
      target: [reviewItems.siteId, reviewItems.itemKey],
      set: {
        lastSeenAt: at,
        ip: sql`coalesce(${reviewItems.ip}, excluded.ip)`,
        port: sql`coalesce(${reviewItems.port}, excluded.port)`,
        vlan: sql`coalesce(${reviewItems.vlan}, excluded.vlan)`,
        remoteName: sql`coalesce(${reviewItems.remoteName}, excluded.remote_name)`,
      },
    })
    .run();
}
