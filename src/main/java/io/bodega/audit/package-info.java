/**
 * Audit: a record of every change an admin makes (who, when, what, before and after),
 * read by admins at {@code GET /api/v1/admin/audit}.
 * <p>
 * Public surface: {@link io.bodega.audit.AuditLog}, the facade, with {@code record(...)}
 * (in the caller's transaction) and {@code recent(count)}, and its
 * {@link io.bodega.audit.AuditLog.Entry}.
 */
@ApplicationModule(allowedDependencies = "shared")
package io.bodega.audit;

import org.springframework.modulith.ApplicationModule;
