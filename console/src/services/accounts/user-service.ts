import { randomUUID } from 'node:crypto';
import { PlantwatchError } from '@plantwatch/shared';
import { asc, count, eq } from 'drizzle-orm';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../auth/password.ts';
import type { Role } from '../../auth/roles.ts';
import { oneTimePassword } from '../../auth/secrets.ts';
import type { ConsoleDatabase } from '../../db/client.ts';
import { sessions, users } from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit-chain.ts';
import { reading } from '../query-errors.ts';
import { isoUtc } from '../time.ts';
import { parseScope, passwordSchema, storeScope, type UserInput, type UserUpdate } from './account-inputs.ts';

export interface UserView {
  userId: string;
  username: string;
  role: Role;
  sites: readonly string[] | null;
  mustChangePassword: boolean;
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
}

export interface CreatedUser {
  user: UserView;
  /** Set when the console generated the password: show it once; it must be changed at sign-in. */
  oneTimePassword?: string;
}

export interface UserService {
  create(input: UserInput, actor: string): Promise<CreatedUser>;
  /** On first start: when there is no user at all, an `admin` with a one-time password. */
  ensureFirstAdmin(): Promise<CreatedUser | undefined>;
  list(): UserView[];
  get(userId: string): UserView;
  update(userId: string, input: UserUpdate, actor: string): UserView;
  /** A new one-time password; the user's sessions end. */
  resetPassword(userId: string, actor: string): Promise<string>;
  changePassword(userId: string, current: string, next: string): Promise<void>;
  /** The user, if the password is right and the account is enabled; undefined otherwise. */
  verifyLogin(username: string, password: string): Promise<UserView | undefined>;
}

type UserRow = typeof users.$inferSelect;

function toView(row: UserRow): UserView {
  return {
    userId: row.userId,
    username: row.username,
    role: row.role,
    sites: parseScope(row.siteScope),
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    disabledAt: row.disabledAt,
  };
}

export function createUserService(db: ConsoleDatabase, options: { now: () => Date }): UserService {
  const at = () => isoUtc(options.now());

  function row(userId: string): UserRow {
    const found = reading('users', () => db.select().from(users).where(eq(users.userId, userId)).get());
    if (found === undefined) throw new PlantwatchError('not_found', `user ${userId} not found`);
    return found;
  }

  /** Refuses a change that would leave no enabled, unscoped admin: nobody could manage the console. */
  function assertAdminRemains(): void {
    const admins = db
      .select()
      .from(users)
      .where(eq(users.role, 'admin'))
      .all()
      .filter((user) => user.disabledAt === null && user.siteScope === null);
    if (admins.length === 0) {
      throw new PlantwatchError('conflict', 'at least one enabled admin for every site must remain');
    }
  }

  async function create(input: UserInput, actor: string): Promise<CreatedUser> {
    const { username, role, sites, password } = input;
    const generated = password === undefined ? oneTimePassword() : undefined;
    const passwordHash = await hashPassword(password ?? (generated as string));
    const now = at();
    const values = {
      userId: randomUUID(),
      username,
      passwordHash,
      role,
      siteScope: storeScope(sites),
      mustChangePassword: generated !== undefined,
      createdAt: now,
      createdBy: actor,
      disabledAt: null,
      passwordChangedAt: now,
    };
    db.transaction((tx) => {
      const taken = tx.select({ id: users.userId }).from(users).where(eq(users.username, username)).get();
      if (taken !== undefined) throw new PlantwatchError('conflict', `user ${username} already exists`);
      tx.insert(users).values(values).run();
      appendAudit(
        tx,
        { actor, action: 'user.created', entityType: 'user', entityId: username, details: { role, sites } },
        now,
      );
    });
    return { user: toView(values), ...(generated === undefined ? {} : { oneTimePassword: generated }) };
  }

  return {
    create,
    async ensureFirstAdmin() {
      const existing = db.select({ n: count() }).from(users).get()?.n ?? 0;
      if (existing > 0) return undefined;
      return create({ username: 'admin', role: 'admin', sites: null }, 'system');
    },
    list() {
      return reading('users', () => db.select().from(users).orderBy(asc(users.username)).all().map(toView));
    },
    get(userId) {
      return toView(row(userId));
    },
    update(userId, input, actor) {
      const { role, sites, disabled } = input;
      const before = row(userId);
      const now = at();
      const disabledAt = disabled ? (before.disabledAt ?? now) : null;
      db.transaction((tx) => {
        tx.update(users)
          .set({ role, siteScope: storeScope(sites), disabledAt })
          .where(eq(users.userId, userId))
          .run();
        // A narrower role or scope takes effect at once: the user signs in again.
        tx.delete(sessions).where(eq(sessions.userId, userId)).run();
        assertAdminRemains();
        appendAudit(
          tx,
          {
            actor,
            action: 'user.updated',
            entityType: 'user',
            entityId: before.username,
            details: {
              before: {
                role: before.role,
                sites: parseScope(before.siteScope),
                disabled: before.disabledAt !== null,
              },
              after: { role, sites, disabled },
            },
          },
          now,
        );
      });
      return toView(row(userId));
    },
    async resetPassword(userId, actor) {
      const user = row(userId);
      const password = oneTimePassword();
      const passwordHash = await hashPassword(password);
      const now = at();
      db.transaction((tx) => {
        tx.update(users)
          .set({ passwordHash, mustChangePassword: true, passwordChangedAt: now })
          .where(eq(users.userId, userId))
          .run();
        tx.delete(sessions).where(eq(sessions.userId, userId)).run();
        appendAudit(
          tx,
          { actor, action: 'user.password_reset', entityType: 'user', entityId: user.username, details: {} },
          now,
        );
      });
      return password;
    },
    async changePassword(userId, current, next) {
      const user = row(userId);
      if (!(await verifyPassword(current, user.passwordHash))) {
        throw new PlantwatchError('invalid_argument', 'current password: is not right');
      }
      const parsed = passwordSchema.safeParse(next);
      if (!parsed.success) {
        throw new PlantwatchError('invalid_argument', `new password: ${parsed.error.issues[0]?.message}`);
      }
      if (next === current)
        throw new PlantwatchError('invalid_argument', 'new password: must differ from the current one');
      const passwordHash = await hashPassword(next);
      const now = at();
      db.transaction((tx) => {
        tx.update(users)
          .set({ passwordHash, mustChangePassword: false, passwordChangedAt: now })
          .where(eq(users.userId, userId))
          .run();
        appendAudit(
          tx,
          {
            actor: user.username,
            action: 'user.password_changed',
            entityType: 'user',
            entityId: user.username,
            details: {},
          },
          now,
        );
      });
    },
    async verifyLogin(username, password) {
      const name = username.trim().toLowerCase();
      const found = db.select().from(users).where(eq(users.username, name)).get();
      // Hash even for an unknown user, so the answer time does not say which usernames exist.
      const ok = await verifyPassword(password, found?.passwordHash ?? (await dummyPasswordHash()));
      if (!ok || found === undefined || found.disabledAt !== null) return undefined;
      return toView(found);
    },
  };
}
