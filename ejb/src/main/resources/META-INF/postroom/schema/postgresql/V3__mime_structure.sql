-- Postroom schema version 3 (postgresql): the MIME structure of a message content (envelope, body parts and their section offsets) in MessageStructureCodec's binary form, computed once at delivery for IMAP (ADR 0012). Applied once by Flyway, which refuses to start if a released script changes (its checksum): never edit one, add the next version.
CREATE TABLE PR_STRUCTURE (CONTENT_ID BIGINT NOT NULL, DATA BYTEA NOT NULL, PRIMARY KEY (CONTENT_ID));
ALTER TABLE PR_STRUCTURE ADD CONSTRAINT FK_STRUCTURE_CONTENT_ID FOREIGN KEY (CONTENT_ID) REFERENCES PR_CONTENT (ID);
