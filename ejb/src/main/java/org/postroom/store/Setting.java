package org.postroom.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A server-wide value kept in the database (for example the generated admin password's hash). */
@Entity
@Table(name = "PR_SETTING")
public class Setting {

    @Id
    @Column(name = "NAME", length = 128)
    private String name;

    @Column(name = "VAL", nullable = false, length = 1024)
    private String value;

    protected Setting() {
    }

    public Setting(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String getName() {
        return name;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }
}
