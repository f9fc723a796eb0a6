import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { ConsoleDatabase } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';
import { reading } from '../query-errors.ts';
import type { Page, PageRequest } from '../views.ts';
import { type AuditRow, type AuditVerification, verifyAuditChain } from './audit-chain.ts';

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditEntryView extends Omit<AuditRow, 'details'> {
  details: Record<string, unknown>;
}

export interface AuditService {
  /** Newest first. */
  list(filter: AuditFilter, page: PageRequest): Page<AuditEntryView>;
  verify(): AuditVerification;
}

export function createAuditService(db: ConsoleDatabase): AuditService {
  return {
    list(filter, page) {
      return reading('audit log', () => {
        const conditions: SQL[] = [];
        if (filter.actor !== undefined) conditions.push(eq(auditLog.actor, filter.actor));
        if (filter.action !== undefined) conditions.push(eq(auditLog.action, filter.action));
        if (filter.entityType !== undefined) conditions.push(eq(auditLog.entityType, filter.entityType));
        if (filter.entityId !== undefined) conditions.push(eq(auditLog.entityId, filter.entityId));
        if (filter.from !== undefined) conditions.push(gte(auditLog.at, filter.from));
        if (filter.to !== undefined) conditions.push(lte(auditLog.at, filter.to));
        const where = conditions.length > 0 ? and(...conditions) : undefined;
        const rows = db
          .select()
          .from(auditLog)
          .where(where)
          .orderBy(desc(auditLog.seq))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        return {
          items: rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> })),
          total: db.select({ total: count() }).from(auditLog).where(where).get()?.total ?? 0,
        };
      });
    },
    verify: () => reading('audit log', () => verifyAuditChain(db)),
  };
}
