package org.postroom.web.api;

import java.net.URI;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.postroom.service.AliasService;
import org.postroom.service.Views.AliasView;

@Path("aliases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "aliases", description = "Aliases, distribution groups and forwards")
public class AliasesResource {

    @EJB
    AliasService aliases;

    @GET
    @Operation(summary = "List aliases, all or of one domain (?domain=)")
    public List<AliasView> list(@QueryParam("domain") String domain) {
        return aliases.list(domain);
    }

    @GET
    @Path("{address}")
    @Operation(summary = "One alias with its targets")
    public AliasView get(@PathParam("address") String address) {
        return aliases.get(address);
    }

    @PUT
    @Path("{address}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create (201) or replace (200) an alias: {\"targets\": [...]}; 400 if it would make a loop")
    public Response put(@PathParam("address") String address, String body) {
        JsonBody json = JsonBody.parse(body, "targets");
        if (!json.has("targets")) {
            throw org.postroom.service.ServiceException.invalid("field 'targets' is required");
        }
        boolean created = aliases.put(address, json.strings("targets"));
        AliasView view = aliases.get(address);
        return created
                ? Response.created(URI.create("aliases/" + view.address())).entity(view).build()
                : Response.ok(view).build();
    }

    @DELETE
    @Path("{address}")
    @Operation(summary = "Delete an alias")
    public Response delete(@PathParam("address") String address) {
        aliases.delete(address);
        return Response.noContent().build();
    }
}
