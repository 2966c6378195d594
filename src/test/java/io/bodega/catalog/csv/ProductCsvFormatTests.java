package io.bodega.catalog.csv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The product CSV's own encodings, without a server: the formula guard and the options
 * cell.
 */
class ProductCsvFormatTests {

	private static final List<String> VALUES = List.of("", "plain", "=SUM(A1)", "+1", "-5 off", "@home", "\tTab",
			"\rCR", "'", "''", "'quoted'", "'=x", "''=x", "'''+x", "'Tis", "a=b", "x'=y", "Ünïcødé 雪", "=", "-");

	@Test
	void guardsFormulasForSpreadsheetsAndGivesEveryValueBack() {
		for (String value : VALUES) {
			String cell = ProductCsv.guard(value);
			assertThat(ProductCsv.unguard(cell)).as(value).isEqualTo(value);
			assertThat(cell).as(value)
				.doesNotStartWith("=")
				.doesNotStartWith("+")
				.doesNotStartWith("-")
				.doesNotStartWith("@")
				.doesNotStartWith("\t")
				.doesNotStartWith("\r");
		}
		assertThat(ProductCsv.guard("=SUM(A1)")).isEqualTo("'=SUM(A1)");
		assertThat(ProductCsv.guard("'=x")).isEqualTo("''=x");
		assertThat(ProductCsv.guard("'Tis")).isEqualTo("'Tis");
		// What a person typed keeps its apostrophe unless it guards a formula sign.
		assertThat(ProductCsv.unguard("'Tis the season")).isEqualTo("'Tis the season");
		assertThat(ProductCsv.unguard("'-5")).isEqualTo("-5");
	}

	@Test
	void writesAndReadsOptionsWithEveryCharacter() {
		Map<String, String> options = new LinkedHashMap<>();
		for (String value : VALUES) {
			options.put("k" + options.size() + value, value);
		}
		options.put("a=b;c\\d", "x;y=z\\");

		assertThat(ProductCsv.parseOptions(ProductCsv.options(options))).isEqualTo(options);
		assertThat(ProductCsv.options(Map.of("size", "M"))).isEqualTo("size=M");
		assertThat(ProductCsv.options(Map.of("a;b", "c=d"))).isEqualTo("a\\;b=c\\=d");
		assertThat(ProductCsv.parseOptions("")).isEmpty();
		assertThat(ProductCsv.parseOptions("size=M;colour=red;")).containsExactly(Map.entry("size", "M"),
				Map.entry("colour", "red"));
		assertThat(ProductCsv.parseOptions("size=")).containsExactly(Map.entry("size", ""));
	}

	@Test
	void refusesOptionsItCannotReadUnambiguously() {
		for (String cell : List.of("size", "size=M;colour", "a=1;a=2", "a=b=c", "a=b\\", "a=C:\\path")) {
			assertThatThrownBy(() -> ProductCsv.parseOptions(cell)).as(cell).isInstanceOf(ProductCsv.BadOptions.class);
		}
	}

}
