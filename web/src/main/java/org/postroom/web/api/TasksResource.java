package org.postroom.web.api;

import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.postroom.service.DirectorySyncService;
import org.postroom.service.ServiceException;

/** Asynchronous tasks (directory synchronisations) of this server. */
@Path("tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tasks", description = "Asynchronous tasks and their progress")
public class TasksResource {

    @EJB
    DirectorySyncService sync;

    @GET
    @Path("{id}")
    @Operation(summary = "A task's state (RUNNING, DONE, FAILED) and progress (entries seen, mailboxes created,"
            + " disabled users, errors)")
    public DirectoryResource.TaskView task(@PathParam("id") long id) {
        return sync.task(id).map(DirectoryResource.TaskView::of)
                .orElseThrow(() -> ServiceException.notFound("no task " + id));
    }
}
