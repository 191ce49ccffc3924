/**
 * Postroom's JCA 2.1 inbound resource adapter: the only JCA-aware layer. {@link PostroomResourceAdapter} turns each
 * activated endpoint (message-driven bean plus {@link SmtpActivationSpec}) into a listener of the network core in
 * {@code org.postroom.connector.ra.net} (Netty, TLS, limits, ordered dispatch; no JCA types, so tests drive it with a
 * thread pool), with the protocol plugged in from {@code org.postroom.connector.ra.smtp}. Network threads are
 * WorkManager Works; bean calls create one message endpoint per call.
 */
package org.postroom.connector.ra;
