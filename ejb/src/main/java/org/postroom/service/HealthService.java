package org.postroom.service;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Probes for the health checks: can we reach the database and the broker right now? */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HealthService {

    @PersistenceContext(unitName = "postroom")
    EntityManager em;

    @Resource(lookup = "jms/postroom")
    ConnectionFactory connectionFactory;

    /** Runs a trivial query; throws when the database cannot answer. */
    public long domainCount() {
        return em.createQuery("SELECT COUNT(d) FROM HostedDomain d", Long.class).getSingleResult();
    }

    /** Opens and closes a broker connection; throws when the broker cannot be reached. */
    public String brokerVersion() {
        try (JMSContext context = connectionFactory.createContext()) {
            return context.getMetaData().getJMSProviderName() + " " + context.getMetaData().getProviderVersion();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException("broker: " + e.getMessage(), e);
        }
    }
}
