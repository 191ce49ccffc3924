-- Postroom schema version 10 (h2): domain administrators granted over REST (issue 13, ADR 0081): the user LOGIN (a local user's address, a directory user's primary address or login) manages only DOMAIN_ID's users, aliases, restrictions and quotas. Applied once by Flyway, which refuses to start if a released script changes (its checksum): never edit one, add the next version.
CREATE TABLE PR_DOMAIN_ADMIN (ID BIGINT NOT NULL, DOMAIN_ID BIGINT NOT NULL, LOGIN VARCHAR(254) NOT NULL, GRANTED_AT BIGINT NOT NULL, PRIMARY KEY (ID));
ALTER TABLE PR_DOMAIN_ADMIN ADD CONSTRAINT UQ_DOMAIN_ADMIN_LOGIN UNIQUE (DOMAIN_ID, LOGIN);
ALTER TABLE PR_DOMAIN_ADMIN ADD CONSTRAINT FK_DOMAIN_ADMIN_DOMAIN_ID FOREIGN KEY (DOMAIN_ID) REFERENCES PR_DOMAIN (ID);
CREATE INDEX IX_DOMAIN_ADMIN_LOGIN ON PR_DOMAIN_ADMIN (LOGIN);
