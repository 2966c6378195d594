package io.bodega.inventory;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.bodega.shared.DomainException;

/** Some SKUs have fewer units available than asked for; names every one of them. */
public class InsufficientStock extends DomainException {

	/** One SKU that is short: how many were asked for and how many are available. */
	public record Shortage(String sku, int requested, int available) {
	}

	private final List<Shortage> shortages;

	public InsufficientStock(List<Shortage> shortages) {
		super(Kind.CONFLICT, "insufficient_stock",
				shortages.stream()
					.map(s -> "Only " + s.available() + " of SKU " + s.sku() + " are available")
					.collect(Collectors.joining("; ")));
		this.shortages = List.copyOf(shortages);
	}

	public List<Shortage> shortages() {
		return shortages;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("shortages", shortages);
	}

}
