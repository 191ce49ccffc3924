-- Postroom schema version 6 (postgresql): row ids from a database sequence instead of EclipseLink's SEQUENCE table, whose row lock, held to commit, deadlocked APPEND against delivery (ADR 0022). EclipseLink hands out the block that ends at the value it reads, so the sequence starts 50 above the last id the table gave out. Applied once by Flyway, which refuses to start if a released script changes (its checksum): never edit one, add the next version.
CREATE SEQUENCE PR_ID_SEQ INCREMENT BY 50 START WITH 50;
SELECT setval('PR_ID_SEQ', (SELECT CAST(COALESCE(MAX(SEQ_COUNT), 0) AS BIGINT) + 50 FROM SEQUENCE), false);
DROP TABLE SEQUENCE;
