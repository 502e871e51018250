-- The audit trail's hash chain (issue 13; docs/security.md, "The audit trail"). Keep in step
-- with ../postgres/0008_audit_chain.sql (a test checks).
-- Each new row stores the hash of the row before it and its own; rows written before this
-- migration keep NULLs and are covered by the chain's start (`audit::start_chain` hashes them
-- in id order at the first start, so the first chained row's prev_hash covers them).
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- The chain's head: one row, updated in the transaction of every append, so appends queue on
-- its row lock (PostgreSQL) or the write lock (SQLite) and each sees the hash before it.
-- hash NULL: the chain has not started yet.
CREATE TABLE audit_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    row_count BIGINT NOT NULL,
    hash TEXT
);
INSERT INTO audit_chain (id, row_count, hash) VALUES (1, 0, NULL);

-- INSERT OR REPLACE and REPLACE INTO delete the row they collide with without firing DELETE
-- triggers (recursive_triggers is off): refuse any insert that names an id already taken.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'audit_chain is the audit trail''s head');
END;
