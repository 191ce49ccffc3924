package org.postroom.mail;

import org.postroom.directory.DirectoryFixtures;
import org.postroom.directory.DirectorySchema;

/** {@link DirectoryScenarios} on a real OpenLDAP slapd (skipped without it, failing under CI=true), AD preset. */
class SlapdAdDirectoryTest extends DirectoryScenarios {

    @Override
    DirectorySchema schema() {
        return DirectorySchema.AD;
    }

    @Override
    DirectoryFixtures.TestDirectory startServer() {
        return DirectoryFixtures.slapd(schema());
    }
}
