package org.postroom.web.api;

import java.util.List;

import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.postroom.service.QueueService;
import org.postroom.service.Views.QueueJobView;

@Path("queue")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "queue", description = "Accepted messages and their delivery: queued, delivered, failed and dead")
public class QueueResource {

    @EJB
    QueueService queue;

    @GET
    @Operation(summary = "The newest messages in the delivery queue (at most 500), all or in one state"
            + " (?state=QUEUED|WAITING|HELD|DELIVERED|PARTIAL|BOUNCED|DROPPED)")
    public List<QueueJobView> list(@QueryParam("state") String state) {
        return queue.list(state);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One message by its queue id, with each recipient's state")
    public QueueJobView get(@PathParam("id") String id) {
        return queue.get(id);
    }
}
