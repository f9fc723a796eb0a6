import { and, eq, lt, ne } from 'drizzle-orm';
import type { Principal } from '../../auth/principal.ts';
import { randomSecret, secretHash } from '../../auth/secrets.ts';
import type { ConsoleDatabase } from '../../db/client.ts';
import { sessions, users } from '../../db/schema/index.ts';
import { isoUtc } from '../time.ts';
import { parseScope } from './account-inputs.ts';

export interface SessionOptions {
  now: () => Date;
  /** A session unused for this long ends. */
  idleMs?: number;
  /** A session ends this long after sign-in, used or not. */
  absoluteMs?: number;
}

export interface NewSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export interface ResolvedSession {
  principal: Principal;
  csrfToken: string;
  mustChangePassword: boolean;
}

export interface SessionService {
  create(userId: string): NewSession;
  /** The session's user, or undefined for an unknown, expired or disabled one. Extends idle expiry. */
  resolve(token: string): ResolvedSession | undefined;
  end(token: string): void;
  /** Ends every other session of the user (after a password change). */
  endOthers(userId: string, keepToken: string): void;
  /** Deletes expired sessions; returns how many. */
  sweep(): number;
}

const DEFAULT_IDLE_MS = 8 * 3_600_000;
const DEFAULT_ABSOLUTE_MS = 24 * 3_600_000;
/** Moving the idle expiry is a write: do it at most once a minute per session. */
const TOUCH_EVERY_MS = 60_000;

export function createSessionService(db: ConsoleDatabase, options: SessionOptions): SessionService {
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  const absoluteMs = options.absoluteMs ?? DEFAULT_ABSOLUTE_MS;

  return {
    create(userId) {
      const now = options.now();
      const token = randomSecret();
      const csrfToken = randomSecret();
      const absolute = new Date(now.getTime() + absoluteMs);
      const expiresAt = isoUtc(new Date(Math.min(now.getTime() + idleMs, absolute.getTime())));
      db.insert(sessions)
        .values({
          tokenHash: secretHash(token),
          userId,
          csrfToken,
          createdAt: isoUtc(now),
          lastSeenAt: isoUtc(now),
          expiresAt,
          absoluteExpiresAt: isoUtc(absolute),
        })
        .run();
      return { token, csrfToken, expiresAt };
    },
    resolve(token) {
      const tokenHash = secretHash(token);
      const found = db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.userId, sessions.userId))
        .where(eq(sessions.tokenHash, tokenHash))
        .get();
      if (found === undefined) return undefined;
      const now = options.now();
      const { session, user } = found;
      if (session.expiresAt <= isoUtc(now) || user.disabledAt !== null) {
        db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
        return undefined;
      }
      if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
        const expiresAt = isoUtc(
          new Date(Math.min(now.getTime() + idleMs, Date.parse(session.absoluteExpiresAt))),
        );
        db.update(sessions)
          .set({ lastSeenAt: isoUtc(now), expiresAt })
          .where(eq(sessions.tokenHash, tokenHash))
          .run();
      }
      return {
        principal: {
          kind: 'user',
          id: user.userId,
          actor: user.username,
          role: user.role,
          sites: parseScope(user.siteScope),
        },
        csrfToken: session.csrfToken,
        mustChangePassword: user.mustChangePassword,
      };
    },
    end(token) {
      db.delete(sessions)
        .where(eq(sessions.tokenHash, secretHash(token)))
        .run();
    },
    endOthers(userId, keepToken) {
      db.delete(sessions)
        .where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, secretHash(keepToken))))
        .run();
    },
    sweep() {
      return db
        .delete(sessions)
        .where(lt(sessions.expiresAt, isoUtc(options.now())))
        .run().changes;
    },
  };
}
