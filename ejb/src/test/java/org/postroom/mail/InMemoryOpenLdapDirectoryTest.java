package org.postroom.mail;

import org.postroom.directory.DirectoryFixtures;
import org.postroom.directory.DirectorySchema;

/** {@link DirectoryScenarios} on UnboundID's in-memory directory server, OPENLDAP preset. */
class InMemoryOpenLdapDirectoryTest extends DirectoryScenarios {

    @Override
    DirectorySchema schema() {
        return DirectorySchema.OPENLDAP;
    }

    @Override
    DirectoryFixtures.TestDirectory startServer() {
        return DirectoryFixtures.inMemory(schema());
    }
}
