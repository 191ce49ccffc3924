package org.postroom.web.api;

import java.net.URI;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.postroom.service.DomainService;
import org.postroom.service.Views.DomainView;

@Path("domains")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "domains", description = "Hosted (virtual) domains")
public class DomainsResource {

    @EJB
    DomainService domains;

    @GET
    @Operation(summary = "List hosted domains with their user and alias counts")
    public List<DomainView> list() {
        return domains.list();
    }

    @GET
    @Path("{domain}")
    @Operation(summary = "One hosted domain")
    public DomainView get(@PathParam("domain") String domain) {
        return domains.get(domain);
    }

    @PUT
    @Path("{domain}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(summary = "Host a domain (201 when created, 200 when it was hosted already); no body needed")
    public Response put(@PathParam("domain") String domain, String body) {
        JsonBody.parse(body);
        boolean created = domains.create(domain);
        DomainView view = domains.get(domain);
        return created
                ? Response.created(URI.create("domains/" + view.name())).entity(view).build()
                : Response.ok(view).build();
    }

    @DELETE
    @Path("{domain}")
    @Operation(summary = "Stop hosting a domain; 409 when it has users or aliases, unless force=true (deletes them)")
    public Response delete(@PathParam("domain") String domain,
            @QueryParam("force") @DefaultValue("false") boolean force) {
        domains.delete(domain, force);
        return Response.noContent().build();
    }
}
