package io.bodega;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module layout of STYLE.md, checked: no cycles, only facades and events cross module
 * borders.
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(BodegaApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		modules.verify();
	}

	@Test
	void writesModuleDocumentation() {
		new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}

}
