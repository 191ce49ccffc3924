-- Postroom schema version 6 (h2): a mailbox can be disabled while it is kept (issue 13, ADR 0066): a directory user's account whose user left the directory, or is disabled there, is marked by the directory sync (when and why); logins and mail to it are refused, its mail kept until an administrator deletes it. Applied once by Flyway, which refuses to start if a released script changes (its checksum): never edit one, add the next version.
ALTER TABLE PR_ACCOUNT ADD COLUMN DISABLED_AT BIGINT;
ALTER TABLE PR_ACCOUNT ADD COLUMN DISABLED_REASON VARCHAR(200);
