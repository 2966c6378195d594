/**
 * Outgoing messages. For now e-mail: {@link io.bodega.notifications.Mailer} queues a mail
 * in the caller's transaction and a job on any node sends it over SMTP, or, with no SMTP
 * server configured, to the dev mailbox under the data directory (the log names each
 * file).
 */
@ApplicationModule(allowedDependencies = "shared")
package io.bodega.notifications;

import org.springframework.modulith.ApplicationModule;
