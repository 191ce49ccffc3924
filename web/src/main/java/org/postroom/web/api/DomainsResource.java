package org.postroom.web.api;

import java.net.URI;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.postroom.service.DkimService;
import org.postroom.service.DomainService;
import org.postroom.service.Views.DkimKeyView;
import org.postroom.service.Views.DomainAdministratorsView;
import org.postroom.service.Views.DnsRecordView;
import org.postroom.service.Views.DomainView;

@Path("domains")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "domains", description = "Hosted (virtual) domains")
public class DomainsResource {

    @EJB
    DomainService domains;
    @EJB
    DkimService dkim;

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

    @GET
    @Path("{domain}/dns")
    @Operation(summary = "The DNS records to publish for a hosted domain, each with name, type, value, a zone-file line"
            + " and its purpose: MX, SPF, the DKIM key record(s) at <selector>._domainkey.<domain> (the active key,"
            + " and keys retired in the last 7 days), DMARC, and MTA-STS/TLS-RPT when postroom.mta.sts.mode is set;"
            + " 404 for a domain not hosted here")
    public List<DnsRecordView> dns(@PathParam("domain") String domain) {
        return dkim.dnsRecords(domain);
    }

    @GET
    @Path("{domain}/dkim")
    @Operation(summary = "The domain's DKIM keys, active first: selector, algorithm, dates and the TXT record to"
            + " publish (public parts only; the private key never leaves the server)")
    public List<DkimKeyView> dkimKeys(@PathParam("domain") String domain) {
        return dkim.keys(domain);
    }

    @POST
    @Path("{domain}/dkim")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(summary = "Make a new DKIM key and sign with it from now on (rotation; the previous key is retired:"
            + " publish the new record first, keep the old one a few days). Optional body {\"selector\": \"s2\","
            + " \"algorithm\": \"rsa-sha256\" or \"ed25519-sha256\"}; default selector postroom<yyyyMMdd>. 201 with"
            + " the new key; 400 for a malformed or already used selector or an unknown algorithm; 404 for a domain"
            + " not hosted here")
    public Response rotateDkim(@PathParam("domain") String domain, String body) {
        JsonBody json = JsonBody.parse(body, "selector", "algorithm");
        DkimKeyView key = dkim.rotate(domain, json.string("selector", false), json.string("algorithm", false));
        return Response.created(URI.create("domains/" + key.domain() + "/dkim")).entity(key).build();
    }

    @GET
    @Path("{domain}/admins")
    @Operation(summary = "Who administers this domain's users, aliases, restrictions and quotas besides the global"
            + " administrators: the logins granted it over the API (granted, with grantedAt) and the directory group"
            + " whose members do (directoryGroup, null without one); 404 for a domain not hosted here")
    public DomainAdministratorsView administrators(@PathParam("domain") String domain) {
        return domains.administrators(domain);
    }

    @PUT
    @Path("{domain}/admins/{login}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(summary = "Make a user an administrator of this domain only (global administrators only): a local"
            + " user's address, or a directory user's login or address (kept under its primary address); the user"
            + " then logs in to the API with its own password and gets 403 outside the domain. 201 when granted, 200"
            + " when it was already; 404 for a login that names no user or a domain not hosted here; 503 when only the"
            + " directory could say who the login is and it does not answer. No body needed")
    public Response grant(@PathParam("domain") String domain, @PathParam("login") String login, String body) {
        JsonBody.parse(body);
        DomainService.Granted granted = domains.grant(domain, login);
        return granted.created()
                ? Response.created(URI.create("domains/" + domain + "/admins/" + granted.grant().login()))
                        .entity(granted.grant()).build()
                : Response.ok(granted.grant()).build();
    }

    @DELETE
    @Path("{domain}/admins/{login}")
    @Operation(summary = "Withdraw a user's administration of this domain granted over the API (global"
            + " administrators only; a directory group's members are changed in the directory): 204, or 404 when the"
            + " login holds no such grant")
    public Response revoke(@PathParam("domain") String domain, @PathParam("login") String login) {
        domains.revoke(domain, login);
        return Response.noContent().build();
    }
}
