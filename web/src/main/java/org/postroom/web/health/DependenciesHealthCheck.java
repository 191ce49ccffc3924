package org.postroom.web.health;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.postroom.service.HealthService;

/** Readiness: Postroom can serve only when both its database and its broker answer. */
public final class DependenciesHealthCheck {

    private DependenciesHealthCheck() {
    }

    static HealthCheckResponse probe(String name, java.util.concurrent.Callable<Object> call) {
        try {
            Object detail = call.call();
            return HealthCheckResponse.named(name).up().withData("detail", String.valueOf(detail)).build();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return HealthCheckResponse.named(name).down().withData("error", String.valueOf(root.getMessage())).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Database implements HealthCheck {
        @EJB
        HealthService health;

        @Override
        public HealthCheckResponse call() {
            return probe("database", () -> health.domainCount() + " domain(s)");
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Broker implements HealthCheck {
        @EJB
        HealthService health;

        @Override
        public HealthCheckResponse call() {
            return probe("broker", health::brokerVersion);
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Alive implements HealthCheck {
        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.up("postroom");
        }
    }
}
