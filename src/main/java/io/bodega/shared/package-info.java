/**
 * What every module stands on; open to all modules, depending on none.
 * <ul>
 * <li>Values and failures: {@link Money}, {@link Ids}, {@link Hashes}, the caller
 * ({@link CurrentUser}), and the domain exceptions every module throws
 * ({@link DomainException} with {@code NotFound}, {@code Conflict},
 * {@code PreconditionFailed}, {@code RateLimited}, {@code ValidationFailed}), which
 * become problem answers in one place.</li>
 * <li>{@code shared.web}: who may call a route ({@code Access} on each controller, read
 * into the security rules by {@code AccessRules} and into the API document), list pages
 * and their cursors ({@code ListPage}, {@code Cursors}), {@code Idempotency},
 * {@code Cookies}, the client's address ({@code ClientAddress}), {@code Admission} of
 * requests of one kind, and the filters every request passes (request id, body limits,
 * forwarded headers, security headers), configured by {@code WebProperties}.</li>
 * <li>{@code shared.web.problems}: RFC 9457 problem answers ({@code Problems},
 * {@code SecurityProblems}), and the handlers that give every failure, even one Tomcat or
 * the firewall refuses, that shape.</li>
 * <li>{@code shared.web.openapi}: the OpenAPI document, what every operation says alike
 * (its security from {@code Access}, the shared refusals, headers and examples).</li>
 * <li>{@code shared.web.pages}: the welcome page and the admin console's page.</li>
 * <li>{@code shared.db}: the embedded PostgreSQL, bounds on every wait
 * ({@code DatabaseLimits}), advisory locks, rate limits kept in the database, purges, and
 * what a database failure means ({@code DatabaseFailures}).</li>
 * <li>{@code shared.keys}: the keys derived from the one server secret
 * ({@code SecretKeys}).</li>
 * </ul>
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package io.bodega.shared;

import org.springframework.modulith.ApplicationModule;
