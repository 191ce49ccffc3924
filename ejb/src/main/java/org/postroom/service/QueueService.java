package org.postroom.service;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.postroom.connector.api.QueueIds;
import org.postroom.domain.DomainName;
import org.postroom.mail.QueueLife;
import org.postroom.service.Views.QueueJobView;
import org.postroom.service.Views.QueueRecipientView;
import org.postroom.store.QueueJob;
import org.postroom.store.QueueRepository;

/**
 * The delivery queue as the administrator sees and runs it (issue 12): what is still waiting ({@code postqueue -p}),
 * filtered and paged, newest first; one job with every recipient's state; retry, flush, hold, release, bounce and
 * drop, each logged with the administrator's name.
 */
@Stateless
public class QueueService {

    /** The most jobs one listing returns. */
    static final int LIST_LIMIT = 500;
    /** What a listing without a state shows: jobs with a recipient still waiting. */
    static final Set<QueueJob.State> WAITING = EnumSet.of(QueueJob.State.QUEUED, QueueJob.State.WAITING,
            QueueJob.State.HELD);

    @Inject
    QueueRepository queue;
    @EJB
    QueueLife life;
    @Resource
    SessionContext session;

    /** A page of the listing, and the cursor of the next page (empty on the last). */
    public record Page(List<QueueJobView> jobs, Optional<String> next) {
    }

    /** The newest jobs, all or in one state (see {@link #list(String, String, String, Integer, String)}). */
    public List<QueueJobView> list(String stateOrNull) {
        return list(stateOrNull, null, null, null, null).jobs();
    }

    /**
     * The newest jobs: those still waiting, or those in {@code state} (settled ones too, until the retention removes
     * them); from {@code sender} ("" or {@code <>} for the null reverse path); with a recipient in
     * {@code recipientDomain}; at most {@code limit} (1 to 500, default 100), after {@code cursor}.
     */
    public Page list(String state, String sender, String recipientDomain, Integer limit, String cursor) {
        Set<QueueJob.State> states = WAITING;
        if (state != null && !state.isBlank()) {
            try {
                states = EnumSet.of(QueueJob.State.valueOf(state.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ServiceException.invalid("state must be one of " + Arrays.stream(QueueJob.State.values())
                        .map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        Optional<String> from = Optional.ofNullable(sender).map(String::trim)
                .map(s -> s.equals("<>") ? "" : s.replaceAll("^<|>$", ""));
        Optional<String> domain = Optional.empty();
        if (recipientDomain != null && !recipientDomain.isBlank()) {
            try {
                domain = Optional.of(DomainName.normalize(recipientDomain.trim()));
            } catch (RuntimeException e) {
                throw ServiceException.invalid("recipientDomain is not a domain name: " + recipientDomain);
            }
        }
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > LIST_LIMIT) {
            throw ServiceException.invalid("limit must be between 1 and " + LIST_LIMIT);
        }
        Optional<QueueRepository.Cursor> after = Optional.ofNullable(cursor).filter(c -> !c.isBlank())
                .map(QueueService::cursor);
        List<QueueJob> jobs = queue.search(states, from, domain, after, max + 1);
        Optional<String> next = Optional.empty();
        if (jobs.size() > max) {
            jobs = jobs.subList(0, max);
            QueueJob last = jobs.get(max - 1);
            next = Optional.of(last.getCreatedAt().toEpochMilli() + "." + last.getId());
        }
        return new Page(jobs.stream().map(QueueService::view).toList(), next);
    }

    private static QueueRepository.Cursor cursor(String text) {
        int dot = text.indexOf('.');
        try {
            return new QueueRepository.Cursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, dot))),
                    Long.parseLong(text.substring(dot + 1)));
        } catch (RuntimeException e) {
            throw ServiceException.invalid("cursor is not one this listing gave: " + text);
        }
    }

    /** One job by its queue id. */
    public QueueJobView get(String queueId) {
        String id = queueId(queueId);
        return queue.find(id).map(QueueService::view)
                .orElseThrow(() -> ServiceException.notFound("no queued message " + id));
    }

    /**
     * Applies an administrator's action to one job.
     *
     * @return the job afterwards
     * @throws ServiceException 404 for an unknown job, 409 when nothing of it is in a state the action applies to
     */
    public QueueJobView apply(String queueId, QueueLife.Action action) {
        String id = queueId(queueId);
        // nothing of the job is read here before the action: the action commits in a transaction of its own, and a
        // copy read before it would be what get() answers after it
        int changed = life.apply(id, action, admin(), Instant.now());
        if (changed < 0) {
            throw ServiceException.notFound("no queued message " + id);
        }
        if (changed == 0) {
            throw ServiceException.conflict("nothing of message " + id + " can be " + PAST.get(action)
                    + " now (see its recipients' states)");
        }
        return get(id);
    }

    private static final java.util.Map<QueueLife.Action, String> PAST = java.util.Map.of(QueueLife.Action.RETRY,
            "retried", QueueLife.Action.HOLD, "held", QueueLife.Action.RELEASE, "released", QueueLife.Action.BOUNCE,
            "bounced", QueueLife.Action.DROP, "dropped");

    /** Makes every deferred recipient due now; returns how many. */
    public int flush() {
        return life.flush(admin(), Instant.now());
    }

    private String admin() {
        try {
            return session.getCallerPrincipal().getName();
        } catch (RuntimeException e) {
            return "(unknown)";
        }
    }

    private static String queueId(String queueId) {
        String id = queueId == null ? "" : queueId.trim().toUpperCase(Locale.ROOT);
        if (!QueueIds.isWellFormed(id)) {
            throw ServiceException.notFound("no queued message with that id (a queue id is " + QueueIds.LENGTH
                    + " letters and digits)");
        }
        return id;
    }

    private static QueueJobView view(QueueJob j) {
        List<QueueRecipientView> recipients = j.getRecipients()
                .stream()
                .map(r -> new QueueRecipientView(r.getAddress(), r.getVia(), r.getState().name(), r.getDetail(),
                        r.getAttempts(), r.getNextAttempt(), r.getRemoteHost()))
                .toList();
        return new QueueJobView(j.getQueueId(), j.getSender().orElse(""), recipients, j.getSize(), j.getAttempts(),
                j.getNextAttempt(), j.getLastError(), j.getState().name(), j.getCreatedAt());
    }
}
