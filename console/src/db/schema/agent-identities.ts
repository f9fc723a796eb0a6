import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * An enrolled agent: a non-human identity with an owner. It holds the agent's Ed25519 public key
 * (to verify signed messages), the hash of its MQTT password, and the site it may publish for.
 * Created by enrollment, before the agent's first message (the `agents` row comes with that).
 */
export const agentIdentities = sqliteTable(
  'agent_identities',
  {
    agentId: text('agent_id').primaryKey(),
    siteId: text('site_id').notNull(),
    /** The raw 32-byte Ed25519 public key, base64url. */
    publicKey: text('public_key').notNull(),
    mqttUsername: text('mqtt_username').notNull().unique(),
    mqttPasswordHash: text('mqtt_password_hash').notNull(),
    owner: text('owner').notNull(),
    purpose: text('purpose').notNull(),
    enrolledAt: text('enrolled_at').notNull(),
    /** Who created the enrollment token the agent used. */
    enrolledBy: text('enrolled_by').notNull(),
    enrollmentTokenId: text('enrollment_token_id').notNull(),
    credentialsRotatedAt: text('credentials_rotated_at'),
    revokedAt: text('revoked_at'),
    revokedBy: text('revoked_by'),
    /** The highest signed sequence number accepted (replay protection for external brokers). */
    lastSignedSeq: integer('last_signed_seq').notNull(),
  },
  (table) => [index('agent_identities_site_idx').on(table.siteId)],
);
