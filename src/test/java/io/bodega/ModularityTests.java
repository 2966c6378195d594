package io.bodega;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;
import org.springframework.modulith.docs.Documenter.Options;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module layout of STYLE.md, checked: no cycles, only facades and events cross module
 * borders; and the README's module map is the one the code has.
 */
class ModularityTests {

	private static final Path MAP = Path.of("docs/architecture/modules.puml");

	private static final Path PICTURE = Path.of("docs/architecture/modules.svg");

	private final ApplicationModules modules = ApplicationModules.of(BodegaApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		modules.verify();
	}

	@Test
	void writesModuleDocumentation() {
		new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}

	/**
	 * docs/architecture/modules.puml is Documenter's map of the modules (shared left out:
	 * every module uses it), and modules.svg its picture in the README. A change of the
	 * modules or their dependencies fails here until both are written again with
	 * {@code ./mvnw verify -Dtest=ModularityTests -Dbodega.docs.write=true}.
	 */
	@Test
	void readmeModuleMapIsTheCodes() throws IOException {
		Path folder = Path.of("target/module-map");
		new Documenter(modules, Options.defaults().withOutputFolder(folder.toString())).writeModulesAsPlantUml(
				DiagramOptions.defaults().withExclusions(module -> module.getIdentifier().toString().equals("shared")));
		String map = Files.readString(folder.resolve("components.puml"));
		if (Boolean.getBoolean("bodega.docs.write")) {
			Files.createDirectories(MAP.getParent());
			Files.writeString(MAP, map);
			// Smetana: PlantUML's own layout, so drawing needs no Graphviz installed.
			String drawn = map.replaceFirst("@startuml", "@startuml\n!pragma layout smetana");
			try (OutputStream svg = Files.newOutputStream(PICTURE)) {
				new SourceStringReader(drawn).outputImage(svg, new FileFormatOption(FileFormat.SVG));
			}
		}
		// Documenter writes the same lines in an order of its own from run to run.
		assertThat(Files.exists(MAP) ? sorted(Files.readString(MAP)) : List.of())
			.as("%s is Documenter's map of the modules; write it and its picture again with "
					+ "./mvnw verify -Dtest=ModularityTests -Dbodega.docs.write=true", MAP)
			.isEqualTo(sorted(map));
	}

	private static List<String> sorted(String text) {
		return text.lines().sorted().toList();
	}

}
