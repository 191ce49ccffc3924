-- Quota usage without scanning messages (ADR 0088). Applied once by Flyway, which refuses to start if a released
-- script changes (its checksum): never edit one, add the next version.
-- BYTES_USED: the sum of the folder's message sizes, changed with MESSAGE_COUNT under the folder's lock in the
-- transaction of every change; backfilled here from the messages.
ALTER TABLE PR_FOLDER ADD COLUMN BYTES_USED BIGINT DEFAULT 0 NOT NULL;
UPDATE PR_FOLDER F SET BYTES_USED = (SELECT COALESCE(SUM(M.SIZE_BYTES), 0) FROM PR_MESSAGE M WHERE M.FOLDER_ID = F.ID);
