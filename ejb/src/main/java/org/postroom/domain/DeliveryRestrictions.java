package org.postroom.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Exchange-style delivery restrictions of one recipient: a maximum message size, a list of senders whose mail is
 * accepted, and a list of senders whose mail is refused.
 *
 * <p>The rule for a sender ({@link #checkSender(Optional)}), in this order:
 * <ol>
 *   <li>a sender that matches any entry of {@code rejectSenders} is {@link Verdict#SENDER_REJECTED}, even when it
 *       also matches {@code acceptSenders}: the reject list wins;</li>
 *   <li>when {@code acceptSenders} is not empty, a sender that matches none of it is
 *       {@link Verdict#SENDER_NOT_ACCEPTED}; so is the null reverse-path {@code <>} (RFC 5321 section 4.5.5, used by
 *       bounces), since it cannot be on an accept list;</li>
 *   <li>otherwise the sender is {@link Verdict#ACCEPTED}. An empty accept list accepts everyone, {@code <>}
 *       included.</li>
 * </ol>
 * The rule for a size ({@link #checkSize(long)}): a message larger than {@code maxMessageBytes} is
 * {@link Verdict#TOO_LARGE} (the limit a server may announce with the SIZE extension, RFC 1870); a message of
 * exactly that size is accepted; a null limit means no limit.
 *
 * @param maxMessageBytes the largest message accepted, in bytes, or null for no limit; positive when present
 * @param acceptSenders when not empty, only these senders are accepted; null is taken as empty
 * @param rejectSenders these senders are refused; null is taken as empty
 */
public record DeliveryRestrictions(Long maxMessageBytes, List<SenderPattern> acceptSenders,
        List<SenderPattern> rejectSenders) {

    /** The outcome of a check. */
    public enum Verdict {
        /** The message may be delivered, as far as this check goes. */
        ACCEPTED,
        /** The sender is on the recipient's rejected-senders list. */
        SENDER_REJECTED,
        /** The recipient accepts mail only from listed senders, and this sender (or {@code <>}) is not one. */
        SENDER_NOT_ACCEPTED,
        /** The message is larger than the recipient accepts. */
        TOO_LARGE
    }

    private static final DeliveryRestrictions NONE = new DeliveryRestrictions(null, List.of(), List.of());

    /**
     * Copies both lists into immutable lists.
     *
     * @throws IllegalArgumentException if {@code maxMessageBytes} is zero or negative
     * @throws NullPointerException if a list holds a null entry
     */
    public DeliveryRestrictions {
        if (maxMessageBytes != null && maxMessageBytes <= 0) {
            throw new IllegalArgumentException(
                    "maxMessageBytes must be positive or absent (no limit), was " + maxMessageBytes);
        }
        acceptSenders = acceptSenders == null ? List.of() : List.copyOf(acceptSenders);
        rejectSenders = rejectSenders == null ? List.of() : List.copyOf(rejectSenders);
    }

    /** Returns restrictions that restrict nothing: no size limit, no accept list, no reject list. */
    public static DeliveryRestrictions none() {
        return NONE;
    }

    /**
     * Applies the sender rule of the class comment.
     *
     * @param sender the reverse-path of the message; empty for the null reverse-path {@code <>}
     * @return {@link Verdict#ACCEPTED}, {@link Verdict#SENDER_REJECTED} or {@link Verdict#SENDER_NOT_ACCEPTED}
     */
    public Verdict checkSender(Optional<EmailAddress> sender) {
        Objects.requireNonNull(sender, "sender (use Optional.empty() for the null reverse-path)");
        if (sender.isPresent() && anyMatches(rejectSenders, sender.get())) {
            return Verdict.SENDER_REJECTED;
        }
        if (!acceptSenders.isEmpty() && (sender.isEmpty() || !anyMatches(acceptSenders, sender.get()))) {
            return Verdict.SENDER_NOT_ACCEPTED;
        }
        return Verdict.ACCEPTED;
    }

    /**
     * Applies the size rule of the class comment.
     *
     * @param messageBytes the size of the message in bytes
     * @return {@link Verdict#TOO_LARGE} if over the limit, otherwise {@link Verdict#ACCEPTED}
     */
    public Verdict checkSize(long messageBytes) {
        return maxMessageBytes != null && messageBytes > maxMessageBytes ? Verdict.TOO_LARGE : Verdict.ACCEPTED;
    }

    private static boolean anyMatches(List<SenderPattern> patterns, EmailAddress sender) {
        return patterns.stream().anyMatch(pattern -> pattern.matches(sender));
    }
}
