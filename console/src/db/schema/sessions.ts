import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';

/**
 * A signed-in browser. Only the SHA-256 of the session cookie is stored, so a copy of the
 * database does not let anyone sign in; the CSRF token is bound to the session.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    /** Idle expiry, moved forward as the session is used; never past `absoluteExpiresAt`. */
    expiresAt: text('expires_at').notNull(),
    absoluteExpiresAt: text('absolute_expires_at').notNull(),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);
