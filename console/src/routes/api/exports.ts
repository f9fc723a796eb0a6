import { type Context, Hono } from 'hono';
import type { DriftRecordView } from '../../services/governance/drift-record-views.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { csvLine } from './csv.ts';
import { driftFilter, driftQuery, parseQuery } from './params.ts';
import { inventoryFilter, inventoryFilterQuery } from './view-params.ts';

const INVENTORY_COLUMNS = [
  'siteId',
  'assetId',
  'agentId',
  'protocol',
  'assetClass',
  'host',
  'port',
  'unitId',
  'vendor',
  'model',
  'serial',
  'firmware',
  'fingerprint',
  'baselineFingerprint',
  'lastPollAt',
  'lastOkAt',
  'pollOk',
  'owner',
  'purpose',
  'reviewStatus',
] as const;

const DRIFT_COLUMNS = [
  'id',
  'siteId',
  'assetId',
  'agentId',
  'kind',
  'class',
  'severity',
  'state',
  'detectedAt',
  'lastDetectedAt',
  'clearedAt',
  'changeWindowId',
  'changes',
  'ticket',
  'comment',
  'decidedBy',
  'decidedAt',
  'resolvedBy',
  'resolvedAt',
  'resolutionNote',
] as const;

/** `setpoints[4]: 100 -> 140; mode: "auto" -> "manual"` for one CSV cell. */
function changesText(record: DriftRecordView): string {
  return record.changes
    .map((change) => `${change.path}: ${JSON.stringify(change.before)} -> ${JSON.stringify(change.after)}`)
    .join('; ');
}

/**
 * Streams batches as CSV or as one JSON array, so that exporting 200,000 assets never holds them
 * all in memory. Each batch is read when the client is ready for it.
 */
function streamExport<T>(
  c: Context<AppEnv>,
  name: string,
  format: 'csv' | 'json',
  batches: Generator<T[]>,
  columns: readonly string[],
  row: (item: T) => Record<string, unknown>,
): Response {
  const encoder = new TextEncoder();
  let first = true;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(format === 'csv' ? csvLine(columns) : '['));
      }
      const next = batches.next();
      if (next.done) {
        if (format === 'json') controller.enqueue(encoder.encode(']\n'));
        controller.close();
        return;
      }
      let chunk = '';
      for (const item of next.value) {
        const values = row(item);
        if (format === 'csv') chunk += csvLine(columns.map((column) => values[column]));
        else {
          chunk += `${first ? '' : ','}\n${JSON.stringify(values)}`;
          first = false;
        }
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="plantwatch-${name}-${date}.${format}"`);
  return c.body(stream);
}

/**
 * CSV and JSON exports of the inventory (same filters as the inventory page) and of drift records
 * (same filters as the drift list), each limited to the caller's sites.
 */
export function createExportRoutes(services: ConsoleServices): Hono<AppEnv> {
  const inventory = (format: 'csv' | 'json') => (c: Context<AppEnv>) => {
    const filter = inventoryFilter(parseQuery(c, inventoryFilterQuery));
    return streamExport(
      c,
      'inventory',
      format,
      services.exports.inventory(scopeOf(c), filter),
      INVENTORY_COLUMNS,
      (item) => ({ ...item }),
    );
  };
  const drift = (format: 'csv' | 'json') => (c: Context<AppEnv>) => {
    const filter = driftFilter(parseQuery(c, driftQuery));
    const batches = services.exports.drift(scopeOf(c), filter);
    return streamExport(c, 'drift', format, batches, DRIFT_COLUMNS, (record) =>
      format === 'csv' ? { ...record, changes: changesText(record) } : { ...record },
    );
  };
  return new Hono<AppEnv>()
    .get('/inventory.csv', inventory('csv'))
    .get('/inventory.json', inventory('json'))
    .get('/drift.csv', drift('csv'))
    .get('/drift.json', drift('json'));
}
