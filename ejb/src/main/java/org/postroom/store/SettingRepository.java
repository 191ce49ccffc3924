package org.postroom.store;

import java.util.Optional;

/** Server-wide named values kept in the database. */
public interface SettingRepository {

    Optional<String> get(String name);

    /** Inserts or replaces. */
    void put(String name, String value);
}
