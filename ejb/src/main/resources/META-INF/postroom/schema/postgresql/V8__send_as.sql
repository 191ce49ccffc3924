-- Postroom schema version 8 (postgresql): send-as grants (issue 12, submission): the addresses besides its own and its aliases that a user may use as MAIL FROM and From: when it submits mail. Applied once by Flyway, which refuses to start if a released script changes (its checksum): never edit one, add the next version.
CREATE TABLE PR_SEND_AS (ACCOUNT_ID BIGINT NOT NULL, ADDRESS VARCHAR(254) NOT NULL, POS INTEGER NOT NULL, PRIMARY KEY (ACCOUNT_ID, POS));
ALTER TABLE PR_SEND_AS ADD CONSTRAINT FK_SEND_AS_ACCOUNT_ID FOREIGN KEY (ACCOUNT_ID) REFERENCES PR_ACCOUNT (ID);
