-- The audit log is append-only: the console never updates or deletes a row, and these triggers
-- make any other program that uses SQL fail loudly too. Someone who edits the file by other means
-- (or drops the triggers) is caught by the hash chain instead: plantwatch-console audit verify.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
