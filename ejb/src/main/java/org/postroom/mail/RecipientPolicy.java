package org.postroom.mail;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.postroom.domain.DeliveryRestrictions;
import org.postroom.domain.EmailAddress;
import org.postroom.domain.Quota;
import org.postroom.domain.QuotaUsage;

/**
 * Which recipients this server accepts, and which messages: pure rules, fed by a {@link Directory} of what is hosted.
 *
 * <p>The recipient rule ({@link #checkRecipient}), in this order:
 * <ol>
 *   <li>a declared size (SIZE=, RFC 1870) over the server's limit is refused 552 5.3.4;</li>
 *   <li>a recipient in a domain this server does not host is {@link Route#RELAY}, accepted only from an authenticated
 *       session or a client in the relay networks, otherwise refused 554 5.7.1 (never an open relay);</li>
 *   <li>in a hosted domain, an alias is {@link Route#ALIAS} (its targets are judged at delivery); otherwise the
 *       corporate directory's {@link Listing} decides: a directory user's address or a distribution group is
 *       {@link Route#DIRECTORY} (resolved at delivery), a disabled user's address and an address the directory does
 *       not know (or no directory) are refused 550 5.1.1, and when the directory cannot be asked the answer is
 *       451 4.4.3 (never a 550 for an outage);</li>
 *   <li>a user is {@link Route#LOCAL_USER} if {@link #localRefusal} finds nothing against the sender and the declared
 *       size (0 when none was declared).</li>
 * </ol>
 * The local rule ({@link #localRefusal}), also applied at delivery to every user an alias expands to: a sender the
 * user's restrictions refuse is 550 5.7.1; a size over the user's limit is 552 5.3.4; a message that does not fit the
 * user's quota ({@link Quota#admits}) is 452 4.2.2, or 552 5.2.2 when quotas are hard.
 *
 * <p>The message rule ({@link #checkMessageSize}), at the end of DATA: the actual size over the server's limit, or over
 * the limit of any recipient that is itself a user, is refused 552 5.3.4 (the message as a whole: SMTP cannot refuse
 * one recipient after DATA).
 */
public final class RecipientPolicy {

    /** How an accepted recipient will be reached. */
    public enum Route {
        /** A user of a hosted domain: delivered to its INBOX. */
        LOCAL_USER,
        /** An alias or group of a hosted domain: expanded at delivery. */
        ALIAS,
        /** A remote address: handed to outbound delivery. */
        RELAY,
        /** An address of a directory user or group (ADR 0050): resolved to mailboxes at delivery. */
        DIRECTORY
    }

    /** What the corporate directory says of an address in a hosted domain. */
    public enum Listing {
        /** A directory user's primary or further address, or a distribution group's: accepted. */
        RECIPIENT,
        /** A disabled directory user's address: 550 5.1.1. */
        DISABLED,
        /** Not in the directory, or there is no directory: 550 5.1.1. */
        UNKNOWN,
        /** No directory server answered: 451 4.4.3. */
        UNAVAILABLE
    }

    /**
     * A user as the rules see it.
     *
     * @param address the user's canonical address
     * @param restrictions the user's delivery restrictions
     * @param quota the user's quota limits
     * @param usage what the user's mailbox holds now
     */
    public record LocalUser(EmailAddress address, DeliveryRestrictions restrictions, Quota quota, QuotaUsage usage) {
        public LocalUser {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(restrictions, "restrictions");
            Objects.requireNonNull(quota, "quota");
            Objects.requireNonNull(usage, "usage");
        }
    }

    /** What the rules need to know of the hosted domains, users and aliases. Never returns null. */
    public interface Directory {

        /** Whether this server is the final destination for the (canonical) domain. */
        boolean hostsDomain(String domain);

        /** The user with this address, if it is one. */
        Optional<LocalUser> user(EmailAddress address);

        /** Whether the address is an alias (or group, or forward). */
        boolean isAlias(EmailAddress address);

        /** What the corporate directory says of an address in a hosted domain that is no user and no alias. */
        Listing listing(EmailAddress address);
    }

    private final Directory directory;
    private final RelayNetworks relayNetworks;
    private final boolean hardQuota;
    private final long maxMessageBytes;

    /**
     * @param directory where hosted domains, users and aliases are looked up
     * @param relayNetworks the clients that may relay without authenticating
     * @param hardQuota whether a full mailbox is a permanent (552 5.2.2) rather than a transient (452 4.2.2) refusal
     * @param maxMessageBytes the largest message the server accepts
     */
    public RecipientPolicy(Directory directory, RelayNetworks relayNetworks, boolean hardQuota, long maxMessageBytes) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.relayNetworks = Objects.requireNonNull(relayNetworks, "relayNetworks");
        this.hardQuota = hardQuota;
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, was " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The server-wide size limit. */
    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * Judges one recipient by the recipient rule of the class comment.
     *
     * @param declaredSize the size announced with MAIL FROM SIZE=, or 0 when none was
     * @return how the recipient will be reached
     * @throws MailRejection with the reply of the first rule that refuses
     */
    public Route checkRecipient(SmtpSessionInfo session, Optional<EmailAddress> sender, EmailAddress recipient,
            long declaredSize) throws MailRejection {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(sender, "sender (use Optional.empty() for <>)");
        Objects.requireNonNull(recipient, "recipient");
        long size = Math.max(0, declaredSize);
        if (size > maxMessageBytes) {
            throw new MailRejection(MailReply.tooLarge(maxMessageBytes));
        }
        // The user first: a user's domain is always hosted, so the common case (mail for a user) costs one look-up.
        Optional<LocalUser> user = directory.user(recipient);
        if (user.isEmpty()) {
            if (!directory.hostsDomain(recipient.domain())) {
                if (session.authenticated() || relayNetworks.contains(session.clientAddress())) {
                    return Route.RELAY;
                }
                throw new MailRejection(MailReply.relayDenied(recipient.toString()));
            }
            if (directory.isAlias(recipient)) {
                return Route.ALIAS;
            }
            return switch (directory.listing(recipient)) {
                case RECIPIENT -> Route.DIRECTORY;
                case UNAVAILABLE -> throw new MailRejection(MailReply.directoryUnavailable(recipient.toString()));
                case DISABLED, UNKNOWN -> throw new MailRejection(MailReply.unknownUser(recipient.toString()));
            };
        }
        Optional<MailReply> refusal = localRefusal(user.get(), sender, size);
        if (refusal.isPresent()) {
            throw new MailRejection(refusal.get());
        }
        return Route.LOCAL_USER;
    }

    /**
     * The local rule of the class comment for one user, for a message of {@code size} bytes.
     *
     * @return the refusal, or empty when the user takes the message
     */
    public Optional<MailReply> localRefusal(LocalUser user, Optional<EmailAddress> sender, long size) {
        String address = user.address().toString();
        if (user.restrictions().checkSender(sender) != DeliveryRestrictions.Verdict.ACCEPTED) {
            return Optional.of(MailReply.senderRefused(address));
        }
        if (user.restrictions().checkSize(size) == DeliveryRestrictions.Verdict.TOO_LARGE) {
            return Optional.of(MailReply.tooLarge(user.restrictions().maxMessageBytes()));
        }
        if (!user.quota().admits(user.usage(), Math.max(0, size))) {
            return Optional.of(MailReply.mailboxFull(address, hardQuota));
        }
        return Optional.empty();
    }

    /**
     * The message rule of the class comment.
     *
     * @param size the actual size of the message
     * @param recipients the envelope recipients
     * @throws MailRejection 552 5.3.4 when a limit is exceeded
     */
    public void checkMessageSize(long size, List<EmailAddress> recipients) throws MailRejection {
        if (size > maxMessageBytes) {
            throw new MailRejection(MailReply.tooLarge(maxMessageBytes));
        }
        for (EmailAddress recipient : recipients) {
            Optional<LocalUser> user = directory.user(recipient); // only users of hosted domains are found
            if (user.isPresent()
                    && user.get().restrictions().checkSize(size) == DeliveryRestrictions.Verdict.TOO_LARGE) {
                throw new MailRejection(MailReply.tooLarge(user.get().restrictions().maxMessageBytes()));
            }
        }
    }
}
