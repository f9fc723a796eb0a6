import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ROLES } from '../../auth/roles.ts';

/**
 * A person who signs in to the console. The password is stored as an scrypt hash with its own
 * salt and parameters; `siteScope` is a JSON array of site ids, or null for every site.
 */
export const users = sqliteTable(
  'users',
  {
    userId: text('user_id').primaryKey(),
    username: text('username').notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    siteScope: text('site_scope'),
    /** Set for a generated one-time password: the user must choose a new one at first sign-in. */
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    disabledAt: text('disabled_at'),
    passwordChangedAt: text('password_changed_at').notNull(),
  },
  (table) => [index('users_role_idx').on(table.role)],
);
