package org.postroom.service;

import org.postroom.connector.api.QueueIds;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.postroom.service.Views.QueueJobView;
import org.postroom.service.Views.QueueRecipientView;
import org.postroom.store.QueueJob;
import org.postroom.store.QueueRepository;

/** The delivery queue as the administrator sees it: accepted messages, their recipients and delivery state. */
@Stateless
public class QueueService {

    /** The most jobs one listing returns (the newest). */
    static final int LIST_LIMIT = 500;

    @Inject
    QueueRepository queue;

    /**
     * The newest jobs, all or in one state.
     *
     * @param stateOrNull QUEUED, DELIVERED, FAILED or DEAD (any case), or null for all
     */
    public List<QueueJobView> list(String stateOrNull) {
        Optional<QueueJob.State> state = Optional.empty();
        if (stateOrNull != null) {
            try {
                state = Optional.of(QueueJob.State.valueOf(stateOrNull.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ServiceException.invalid("state must be one of " + Arrays.stream(QueueJob.State.values())
                        .map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        return queue.list(state, LIST_LIMIT).stream().map(QueueService::view).toList();
    }

    /** One job by its queue id. */
    public QueueJobView get(String queueId) {
        String id = queueId == null ? "" : queueId.trim().toUpperCase(Locale.ROOT);
        if (!QueueIds.isWellFormed(id)) {
            throw ServiceException.notFound("no queued message with that id (a queue id is " + QueueIds.LENGTH
                    + " letters and digits)");
        }
        return queue.find(id).map(QueueService::view)
                .orElseThrow(() -> ServiceException.notFound("no queued message " + id));
    }

    private static QueueJobView view(QueueJob j) {
        List<QueueRecipientView> recipients = j.getRecipients()
                .stream()
                .map(r -> new QueueRecipientView(r.getAddress(), r.getVia(), r.getState().name(), r.getDetail()))
                .toList();
        return new QueueJobView(j.getQueueId(), j.getSender().orElse(""), recipients, j.getSize(), j.getAttempts(),
                j.getNextAttempt(), j.getLastError(), j.getState().name(), j.getCreatedAt());
    }
}
