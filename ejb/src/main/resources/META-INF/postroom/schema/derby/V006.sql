-- Postroom schema version 6 (derby): row ids from a database sequence instead of EclipseLink's SEQUENCE table, whose row lock, held to commit, deadlocked APPEND against delivery (ADR 0022). EclipseLink hands out the block that ends at the value it reads, so the sequence starts 50 above the last id the table gave out ({{ID_SEQ_START}} is that value, read by SchemaMigrator: Derby takes only a literal here). Applied once by SchemaMigrator; never edit a released version, add V007.sql.
CREATE SEQUENCE PR_ID_SEQ AS BIGINT START WITH {{ID_SEQ_START}} INCREMENT BY 50 NO CYCLE;
DROP TABLE SEQUENCE;
