package org.postroom.web.api;

import java.io.StringReader;
import java.net.URI;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
import org.postroom.service.ServiceException;
import org.postroom.service.UserService;
import org.postroom.service.Views.QuotaView;
import org.postroom.service.Views.RestrictionsView;
import org.postroom.service.Views.UserView;

@Path("users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users", description = "Users and their mailboxes, passwords, delivery restrictions and quotas")
public class UsersResource {

    @EJB
    UserService users;

    @GET
    @Operation(summary = "List users, all or of one domain (?domain=)")
    public List<UserView> list(@QueryParam("domain") String domain) {
        return users.list(domain);
    }

    @GET
    @Path("{address}")
    @Operation(summary = "One user with its folders")
    public UserView get(@PathParam("address") String address) {
        return users.get(address);
    }

    @PUT
    @Path("{address}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user and its mailbox: {\"password\", \"displayName\"}; 404 if the domain is not"
            + " hosted, 409 if the address exists")
    public Response create(@PathParam("address") String address, String body) {
        JsonBody json = JsonBody.parse(body, "password", "displayName");
        UserView created = users.create(address, json.string("password", true), json.string("displayName", false));
        return Response.created(URI.create("users/" + created.address())).entity(created).build();
    }

    @DELETE
    @Path("{address}")
    @Operation(summary = "Delete a user and everything in its mailbox")
    public Response delete(@PathParam("address") String address) {
        users.delete(address);
        return Response.noContent().build();
    }

    @PUT
    @Path("{address}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a user's password: {\"password\"}; 409 for a corporate directory user (the password is"
            + " the directory's)")
    public Response password(@PathParam("address") String address, String body) {
        users.setPassword(address, JsonBody.parse(body, "password").string("password", true));
        return Response.noContent().build();
    }

    @GET
    @Path("{address}/restrictions")
    @Operation(summary = "The user's delivery restrictions")
    public RestrictionsView restrictions(@PathParam("address") String address) {
        return users.restrictions(address);
    }

    @PUT
    @Path("{address}/restrictions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the user's delivery restrictions: {\"maxMessageBytes\": N|null, \"acceptSenders\":"
            + " [...], \"rejectSenders\": [...]}; entries are addresses or @domain")
    public RestrictionsView setRestrictions(@PathParam("address") String address, String body) {
        JsonBody json = JsonBody.parse(body, "maxMessageBytes", "acceptSenders", "rejectSenders");
        return users.setRestrictions(address, new RestrictionsView(json.wholeNumber("maxMessageBytes"),
                json.strings("acceptSenders"), json.strings("rejectSenders")));
    }

    @GET
    @Path("{address}/send-as")
    @Operation(summary = "The addresses the user may send as besides its own and its aliases")
    public List<String> sendAs(@PathParam("address") String address) {
        return users.sendAs(address);
    }

    @PUT
    @Path("{address}/send-as")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the addresses the user may send as (MAIL FROM and From: at submission): a JSON"
            + " array of addresses, or {\"addresses\": [...]}")
    public List<String> setSendAs(@PathParam("address") String address, String body) {
        List<String> addresses;
        try (JsonReader reader = Json.createReader(new StringReader(body == null ? "" : body))) {
            JsonValue value = reader.readValue();
            JsonArray array = value.getValueType() == JsonValue.ValueType.ARRAY
                    ? value.asJsonArray()
                    : value.asJsonObject().getJsonArray("addresses");
            addresses = array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        } catch (RuntimeException e) {
            throw ServiceException.invalid("send-as takes a JSON array of addresses, or {\"addresses\": [...]}");
        }
        return users.setSendAs(address, addresses);
    }

    @GET
    @Path("{address}/quota")
    @Operation(summary = "The user's quota limits and current usage")
    public QuotaView quota(@PathParam("address") String address) {
        return users.quota(address);
    }

    @PUT
    @Path("{address}/quota")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the user's quota: {\"maxBytes\": N|null, \"maxMessages\": N|null} (null: no limit)")
    public QuotaView setQuota(@PathParam("address") String address, String body) {
        JsonBody json = JsonBody.parse(body, "maxBytes", "maxMessages");
        return users.setQuota(address, json.wholeNumber("maxBytes"), json.wholeNumber("maxMessages"));
    }
}
