package io.bodega.shared;

import java.util.List;

/**
 * Input broke a rule that Bean Validation cannot see (a weak password, a spent token);
 * names every bad field.
 */
public class ValidationFailed extends DomainException {

	public record FieldError(String field, String message) {
	}

	private final List<FieldError> errors;

	public ValidationFailed(List<FieldError> errors) {
		super(Kind.INVALID, "validation_failed", describe(errors));
		this.errors = List.copyOf(errors);
	}

	public ValidationFailed(String field, String message) {
		this(List.of(new FieldError(field, message)));
	}

	public List<FieldError> errors() {
		return errors;
	}

	public static String describe(List<FieldError> errors) {
		return "Invalid input: " + String.join(", ", errors.stream().map(FieldError::field).distinct().toList());
	}

}
