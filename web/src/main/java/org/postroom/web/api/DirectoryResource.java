package org.postroom.web.api;

import java.net.URI;
import java.time.Instant;

import jakarta.ejb.EJB;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.postroom.directory.SyncTask;
import org.postroom.service.DirectorySyncService;

/** The corporate directory (ADR 0050): synchronisation as an asynchronous task. */
@Path("directory")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "directory", description = "The corporate directory: synchronisation tasks")
public class DirectoryResource {

    /**
     * A task as the API shows it: users {@code seen}, mailboxes {@code created}, {@code disabled} users read, and
     * mailboxes the sync disabled (user gone or disabled) or enabled again (ADR 0066).
     */
    public record TaskView(long id, String kind, String state, Instant startedAt, Instant finishedAt, long seen,
            long created, long disabled, long mailboxesDisabled, long mailboxesEnabled, long errors, String message) {

        static TaskView of(SyncTask t) {
            return new TaskView(t.id(), "directory-sync", t.state().name(), t.startedAt(),
                    t.finishedAt().orElse(null), t.seen(), t.created(), t.disabled(), t.mailboxesDisabled(),
                    t.mailboxesEnabled(), t.errors(), t.message());
        }
    }

    @EJB
    DirectorySyncService sync;

    @POST
    @Path("sync")
    @Operation(summary = "Start a synchronisation with the corporate directory (paged reads; missing mailboxes of"
            + " enabled users are created, mailboxes of users who left or are disabled are disabled and kept):"
            + " 202 with the task's URL, or the one already running; 409 without a directory")
    public Response start() {
        SyncTask task = sync.start();
        return Response.accepted(TaskView.of(task)).location(URI.create("/api/tasks/" + task.id())).build();
    }
}
