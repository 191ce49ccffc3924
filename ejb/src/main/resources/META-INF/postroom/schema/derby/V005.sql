-- Postroom schema version 5 (derby): an index on (folder, system flags), so EXPUNGE finds the messages flagged \Deleted by two index range scans (their flag values, 8-15 and 24-31) instead of reading every row of the mailbox. Applied once by SchemaMigrator; never edit a released version, add V006.sql.
CREATE INDEX PR_MESSAGE_FOLDER_FLAGS ON PR_MESSAGE (FOLDER_ID, SYSTEM_FLAGS);
