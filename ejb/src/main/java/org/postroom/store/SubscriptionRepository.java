package org.postroom.store;

import java.util.Set;

/** IMAP subscriptions: a flag on an existing folder, or a row of its own for a name without a folder. */
public interface SubscriptionRepository {

    /** The subscriptions of the account: subscribed folders and subscribed names without a folder. */
    Set<String> subscriptions(Account account);

    /** Subscribes to or unsubscribes from a name, whether or not a folder of that name exists. */
    void subscribe(Account account, String name, boolean subscribed);
}
