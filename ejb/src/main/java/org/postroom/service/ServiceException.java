package org.postroom.service;

import jakarta.ejb.ApplicationException;

/**
 * A request the services refuse, with a message fit to show the administrator. The kind tells the REST layer which
 * status to answer; the transaction is rolled back.
 */
@ApplicationException(rollback = true)
public class ServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The request is malformed or breaks a rule (HTTP 400). */
        INVALID,
        /** Something named does not exist (HTTP 404). */
        NOT_FOUND,
        /** The request conflicts with what exists (HTTP 409). */
        CONFLICT,
        /** What is needed to answer (the corporate directory) cannot be asked now; try again later (HTTP 503). */
        UNAVAILABLE
    }

    private final Kind kind;

    public ServiceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ServiceException invalid(String message) {
        return new ServiceException(Kind.INVALID, message);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(Kind.NOT_FOUND, message);
    }

    public static ServiceException conflict(String message) {
        return new ServiceException(Kind.CONFLICT, message);
    }

    public static ServiceException unavailable(String message) {
        return new ServiceException(Kind.UNAVAILABLE, message);
    }
}
