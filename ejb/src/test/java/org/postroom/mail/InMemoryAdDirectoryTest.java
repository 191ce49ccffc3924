package org.postroom.mail;

import org.postroom.directory.DirectoryFixtures;
import org.postroom.directory.DirectorySchema;

/** {@link DirectoryScenarios} on UnboundID's in-memory directory server, AD preset. */
class InMemoryAdDirectoryTest extends DirectoryScenarios {

    @Override
    DirectorySchema schema() {
        return DirectorySchema.AD;
    }

    @Override
    DirectoryFixtures.TestDirectory startServer() {
        return DirectoryFixtures.inMemory(schema());
    }
}
