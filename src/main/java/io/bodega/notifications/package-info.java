/**
 * Outgoing messages. For now e-mail: {@link io.bodega.notifications.Mailer} queues a mail
 * in the caller's transaction and a job on any node sends it over SMTP, or, with no SMTP
 * server configured, to the dev mailbox under the data directory (the log names each
 * file).
 * <p>
 * Public surface: the facade {@link io.bodega.notifications.Mailer} and its one method,
 * {@link io.bodega.notifications.Mailer#send(String, String, String)}. The rest (the
 * dispatcher, the dev mailbox, {@code NotificationProperties}) is package-private.
 */
@ApplicationModule(allowedDependencies = "shared")
package io.bodega.notifications;

import org.springframework.modulith.ApplicationModule;
