/**
 * What every module stands on: ids, domain failures, the current caller, the database and
 * the web conventions (problem details, request ids, body limits). Open to all modules;
 * depends on none.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package io.bodega.shared;

import org.springframework.modulith.ApplicationModule;
