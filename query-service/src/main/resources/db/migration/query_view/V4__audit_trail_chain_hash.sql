-- Each event's link in its measure's hash chain (see EventChain), as the auditor's history shows it.
ALTER TABLE audit_trail ADD COLUMN chain_hash CHAR(64);
