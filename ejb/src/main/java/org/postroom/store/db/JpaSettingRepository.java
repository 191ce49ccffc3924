package org.postroom.store.db;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.postroom.store.Setting;
import org.postroom.store.SettingRepository;

@ApplicationScoped
public class JpaSettingRepository implements SettingRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    protected JpaSettingRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaSettingRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<String> get(String name) {
        return Optional.ofNullable(em.find(Setting.class, name)).map(Setting::getValue);
    }

    @Override
    public void put(String name, String value) {
        Setting existing = em.find(Setting.class, name);
        if (existing == null) {
            em.persist(new Setting(name, value));
        } else {
            existing.setValue(value);
        }
    }
}
