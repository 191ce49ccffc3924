package org.postroom.web.api;

import java.util.Map;

import jakarta.ejb.EJB;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.postroom.mail.QueueLife;
import org.postroom.service.QueueService;
import org.postroom.service.Views.QueueJobView;

@Path("queue")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "queue", description = "Accepted messages and their delivery: what waits, retries, holds, bounces, drops")
public class QueueResource {

    /** The response header that carries the cursor of the next page of a listing. */
    static final String NEXT_CURSOR = "X-Next-Cursor";

    @EJB
    QueueService queue;

    @GET
    @Operation(summary = "What is still waiting (a recipient QUEUED, DEFERRED or HELD), newest first; or the jobs in"
            + " one state (?state=QUEUED|WAITING|HELD|DELIVERED|PARTIAL|BOUNCED|DROPPED), settled ones until the"
            + " retention removes them; ?sender=, ?recipientDomain=, ?limit= (1-500, default 100) and ?cursor= (the"
            + " X-Next-Cursor header of the previous page)")
    public Response list(@QueryParam("state") String state, @QueryParam("sender") String sender,
            @QueryParam("recipientDomain") String recipientDomain, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        QueueService.Page page = queue.list(state, sender, recipientDomain, limit, cursor);
        Response.ResponseBuilder response = Response.ok(page.jobs());
        page.next().ifPresent(next -> response.header(NEXT_CURSOR, next));
        return response.build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One message by its queue id, with each recipient's state, attempts, last reply and next"
            + " attempt")
    public QueueJobView get(@PathParam("id") String id) {
        return queue.get(id);
    }

    @POST
    @Path("flush")
    @Operation(summary = "Every deferred recipient is tried now (postqueue -f)")
    public Map<String, Integer> flush() {
        return Map.of("deferred", queue.flush());
    }

    @POST
    @Path("{id}/retry")
    @Operation(summary = "Try the message's waiting recipients now")
    public QueueJobView retry(@PathParam("id") String id) {
        return queue.apply(id, QueueLife.Action.RETRY);
    }

    @POST
    @Path("{id}/hold")
    @Operation(summary = "Keep the message's outbound recipients back until released")
    public QueueJobView hold(@PathParam("id") String id) {
        return queue.apply(id, QueueLife.Action.HOLD);
    }

    @POST
    @Path("{id}/release")
    @Operation(summary = "Release held recipients; they are tried now")
    public QueueJobView release(@PathParam("id") String id) {
        return queue.apply(id, QueueLife.Action.RELEASE);
    }

    @POST
    @Path("{id}/bounce")
    @Operation(summary = "Fail the message's waiting recipients now, with a failure report to the sender")
    public QueueJobView bounce(@PathParam("id") String id) {
        return queue.apply(id, QueueLife.Action.BOUNCE);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Drop the message's waiting recipients, without a report")
    public QueueJobView drop(@PathParam("id") String id) {
        return queue.apply(id, QueueLife.Action.DROP);
    }
}
