package org.postroom.store.jpa;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.postroom.store.EnvelopeRepository;
import org.postroom.store.MessageEnvelope;

@ApplicationScoped
public class JpaEnvelopeRepository implements EnvelopeRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    protected JpaEnvelopeRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaEnvelopeRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<MessageEnvelope> find(long contentId) {
        return Optional.ofNullable(em.find(MessageEnvelope.class, contentId));
    }

    @Override
    public MessageEnvelope add(MessageEnvelope envelope) {
        em.persist(envelope);
        return envelope;
    }
}
