import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The hosts each switch reported (LLDP neighbours, forwarding and ARP entries), one row per
 * distinct link. `approved` links are the switch's network baseline; a new one is network drift.
 */
export const assetLinks = sqliteTable(
  'asset_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id').notNull(),
    /** The switch that reported the link. */
    assetId: text('asset_id').notNull(),
    /** source, port and host, e.g. `fdb|Gi0/3|00:1a:2b:3c:4d:5e`. */
    linkKey: text('link_key').notNull(),
    source: text('source', { enum: ['lldp', 'fdb', 'arp'] }).notNull(),
    port: text('port'),
    portIndex: integer('port_index'),
    mac: text('mac'),
    ip: text('ip'),
    vlan: integer('vlan'),
    remoteName: text('remote_name'),
    remotePort: text('remote_port'),
    remoteChassis: text('remote_chassis'),
    approved: integer('approved', { mode: 'boolean' }).notNull(),
    firstSeenAt: text('first_seen_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
  },
  (table) => [
    uniqueIndex('asset_links_key_idx').on(table.siteId, table.assetId, table.linkKey),
    index('asset_links_mac_idx').on(table.siteId, table.mac),
  ],
);
