package org.postroom.service;

import org.postroom.config.PostroomConfig;
import org.postroom.directory.DirectoryService;
import org.postroom.store.AccountRepository;
import org.postroom.store.DomainRepository;
import org.postroom.store.FolderRepository;

/** The real {@link UserAuthenticationService} outside the container, for tests of the services that call it. */
public final class UserAuthentications {

    private UserAuthentications() {
    }

    /** A login cache as the container makes it, trusting a verified login for {@code ttlSeconds}. */
    public static LoginCache loginCache(long ttlSeconds) {
        LoginCache cache = new LoginCache();
        cache.config = new PostroomConfig() {
            @Override
            public long authCacheTtlSeconds() {
                return ttlSeconds;
            }
        };
        cache.init();
        return cache;
    }

    /** The service over {@code accounts} (bound to the caller's transaction) and the shared {@code cache}. */
    public static UserAuthenticationService over(AccountRepository accounts, LoginCache cache) {
        UserAuthenticationService service = new UserAuthenticationService();
        service.accounts = accounts;
        service.loginCache = cache;
        service.directory = DirectoryService.none();
        return service;
    }

    /** The service with a corporate directory, creating directory users' mailboxes in these repositories. */
    public static UserAuthenticationService over(AccountRepository accounts, DomainRepository domains,
            FolderRepository folders, LoginCache cache, DirectoryService directory) {
        UserAuthenticationService service = over(accounts, cache);
        service.directory = directory;
        service.domains = domains;
        service.mailboxes = mailboxes(accounts, domains, folders);
        return service;
    }

    /** Directory users' mailboxes in these repositories. */
    public static DirectoryMailboxes mailboxes(AccountRepository accounts, DomainRepository domains,
            FolderRepository folders) {
        DirectoryMailboxes mailboxes = new DirectoryMailboxes();
        mailboxes.accounts = accounts;
        mailboxes.domains = domains;
        mailboxes.folders = folders;
        return mailboxes;
    }
}
