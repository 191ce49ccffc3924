-- Postroom schema version 12 (postgresql): IMAP metadata without scanning messages (issue 15, ADRs 0075-0077).
-- Applied once by Flyway, which refuses to start if a released script changes (its checksum): never edit one, add
-- the next version.
-- STATUS counts kept on the folder row, changed under the folder's lock in the transaction of every change
-- (ADR 0075); backfilled here from the messages. RECENT_COUNT: the messages at or above FIRST_RECENT_UID.
ALTER TABLE PR_FOLDER ADD COLUMN MESSAGE_COUNT BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE PR_FOLDER ADD COLUMN UNSEEN_COUNT BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE PR_FOLDER ADD COLUMN RECENT_COUNT BIGINT DEFAULT 0 NOT NULL;
UPDATE PR_FOLDER F SET MESSAGE_COUNT = (SELECT COUNT(*) FROM PR_MESSAGE M WHERE M.FOLDER_ID = F.ID),
    UNSEEN_COUNT = (SELECT COUNT(*) FROM PR_MESSAGE M WHERE M.FOLDER_ID = F.ID AND MOD(M.SYSTEM_FLAGS, 2) = 0),
    RECENT_COUNT = (SELECT COUNT(*) FROM PR_MESSAGE M WHERE M.FOLDER_ID = F.ID AND M.UID >= F.FIRST_RECENT_UID);
-- ENVELOPE in the form IMAP sends it (ADR 0076) and the header fields as SEARCH matches them (ADR 0077), computed
-- once per content at delivery. SQL cannot compute them for the rows of earlier builds: this mark has
-- EnvelopeBackfill fill them right after this script, in the same migration step, and remove it when done.
INSERT INTO PR_SETTING (NAME, VAL) VALUES ('schema.imap-metadata-backfill', 'pending');
ALTER TABLE PR_ENVELOPE ADD COLUMN IMAP_ENVELOPE BYTEA;
ALTER TABLE PR_ENVELOPE ADD COLUMN SEARCH_FROM TEXT;
ALTER TABLE PR_ENVELOPE ADD COLUMN SEARCH_TO TEXT;
ALTER TABLE PR_ENVELOPE ADD COLUMN SEARCH_CC TEXT;
ALTER TABLE PR_ENVELOPE ADD COLUMN SEARCH_BCC TEXT;
ALTER TABLE PR_ENVELOPE ADD COLUMN SEARCH_SUBJECT TEXT;
