package org.postroom.protocol.imap;

import java.util.Objects;
import org.postroom.connector.api.imap.MailboxException;

/**
 * A response code in a status response, {@code [NAME arguments]} (RFC 3501 section 7.1, RFC 5530, RFC 4315
 * UIDPLUS, RFC 7162 CONDSTORE, RFC 3516/7889 TOOBIG): the name is a type, so a reply cannot misspell one.
 *
 * @param name the code
 * @param arguments what follows the name (a number, a UID set, a capability list), empty for none
 */
record ResponseCode(Name name, String arguments) {

    /** The response codes the engine sends. */
    enum Name {
        // @formatter:off
        ALERT, ALREADYEXISTS, APPENDUID, AUTHENTICATIONFAILED, AUTHORIZATIONFAILED, BADCHARSET, CANNOT, CAPABILITY,
        CLIENTBUG, COPYUID, HIGHESTMODSEQ, LIMIT, NONEXISTENT, NOPERM, OVERQUOTA, PERMANENTFLAGS, PRIVACYREQUIRED,
        READ_ONLY("READ-ONLY"), READ_WRITE("READ-WRITE"), SERVERBUG, TOOBIG, TRYCREATE, UIDNEXT, UIDVALIDITY,
        UNAVAILABLE, UNSEEN;
        // @formatter:on

        private final String atom;

        Name() {
            this.atom = name();
        }

        Name(String atom) {
            this.atom = atom;
        }

        /** As written on the wire. */
        String atom() {
            return atom;
        }
    }

    static final ResponseCode ALREADYEXISTS = of(Name.ALREADYEXISTS);
    static final ResponseCode AUTHENTICATIONFAILED = of(Name.AUTHENTICATIONFAILED);
    static final ResponseCode AUTHORIZATIONFAILED = of(Name.AUTHORIZATIONFAILED);
    static final ResponseCode CANNOT = of(Name.CANNOT);
    static final ResponseCode PRIVACYREQUIRED = of(Name.PRIVACYREQUIRED);
    static final ResponseCode READ_ONLY = of(Name.READ_ONLY);
    static final ResponseCode READ_WRITE = of(Name.READ_WRITE);
    static final ResponseCode TOOBIG = of(Name.TOOBIG);
    static final ResponseCode UNAVAILABLE = of(Name.UNAVAILABLE);

    ResponseCode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }

    static ResponseCode of(Name name) {
        return new ResponseCode(name, "");
    }

    static ResponseCode of(Name name, String arguments) {
        return new ResponseCode(name, arguments);
    }

    static ResponseCode of(Name name, long number) {
        return new ResponseCode(name, Long.toString(number));
    }

    /** The code of a store refusal (RFC 5530). */
    static ResponseCode of(MailboxException.Reason reason) {
        return of(switch (reason) {
            case NONEXISTENT -> Name.NONEXISTENT;
            case TRY_CREATE -> Name.TRYCREATE;
            case ALREADY_EXISTS -> Name.ALREADYEXISTS;
            case CANNOT -> Name.CANNOT;
            case NO_PERMISSION -> Name.NOPERM;
            case OVER_QUOTA -> Name.OVERQUOTA;
            case LIMIT -> Name.LIMIT;
            case UNAVAILABLE -> Name.UNAVAILABLE;
        });
    }

    /** As written between the brackets. */
    String text() {
        return arguments.isEmpty() ? name.atom() : name.atom() + " " + arguments;
    }

    @Override
    public String toString() {
        return text();
    }
}
