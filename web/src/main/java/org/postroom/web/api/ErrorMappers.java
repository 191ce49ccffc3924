package org.postroom.web.api;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJBException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.postroom.service.ServiceException;

/** Every failure leaves the API as {@link ApiError} JSON; nothing leaks a stack trace. */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    static Response fromService(ServiceException e) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
        return ApiError.response(status, e.getMessage());
    }

    @Provider
    public static class Service implements ExceptionMapper<ServiceException> {
        @Override
        public Response toResponse(ServiceException e) {
            return fromService(e);
        }
    }

    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
            String message = switch (status) {
                case 404 -> "no such resource";
                case 405 -> "method not allowed on this resource";
                case 406 -> "this API produces application/json";
                case 415 -> "send the body as application/json";
                default -> status >= 500 ? "internal error" : e.getMessage();
            };
            return ApiError.response(status, message);
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            Throwable cause = e;
            while (cause instanceof EJBException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof ServiceException service) {
                return fromService(service);
            }
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.log(Level.SEVERE, "admin API request failed, ref " + ref, e);
            return ApiError.response(500, "internal error (ref " + ref + "; see the server log)");
        }
    }
}
