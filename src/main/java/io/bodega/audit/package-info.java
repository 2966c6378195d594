/**
 * Audit: a record of every change an admin makes (who, when, what, before and after),
 * read by admins at {@code GET /api/v1/admin/audit}. {@link io.bodega.audit.AuditLog} is
 * the facade.
 */
@ApplicationModule(allowedDependencies = "shared")
package io.bodega.audit;

import org.springframework.modulith.ApplicationModule;
