import { errorMessage } from '@plantwatch/shared';
import { openDatabaseReadOnly } from './db/client.ts';
import { verifyAuditChain } from './services/audit/audit-chain.ts';

/**
 * `plantwatch-console audit verify --data-dir <dir>`: walks the audit log's hash chain in a
 * read-only connection. Exit code 0 when intact, 1 when broken, 3 when the database cannot be read.
 * The head it prints is worth keeping elsewhere: it is what proves no entry was cut off the end.
 */
export function runAuditVerify(dataDir: string): number {
  let database: ReturnType<typeof openDatabaseReadOnly> | undefined;
  try {
    database = openDatabaseReadOnly(dataDir);
    const result = verifyAuditChain(database.db);
    if (result.ok) {
      const head = result.head ? `, head #${result.head.seq} ${result.head.hash}` : '';
      process.stdout.write(`audit log intact: ${result.rows} entries${head}\n`);
      return 0;
    }
    process.stdout.write(
      `audit log BROKEN at entry #${result.problem?.seq}: ${result.problem?.reason} (${result.rows} entries before it are intact)\n`,
    );
    return 1;
  } catch (error) {
    process.stderr.write(`plantwatch-console: cannot verify the audit log: ${errorMessage(error)}\n`);
    return 3;
  } finally {
    database?.close();
  }
}
