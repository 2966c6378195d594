package io.bodega.catalog.admin;

import io.bodega.catalog.product.Categories;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.bodega.catalog.product.Slugs;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.web.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.ADMIN)
@RequestMapping("/api/v1/admin/categories")
@Tag(name = "Admin: catalog")
class AdminCategoryController {

	record CreateCategory(
			@Size(max = 100) @Pattern(regexp = Slugs.PATTERN,
					message = "must be lower-case words joined by '-'") String slug,
			@NotBlank @Size(max = 100) String name, @Size(max = 36) String parentId) {
	}

	/**
	 * Fields left out stay as they are; {@code "parentId": ""} makes the category a
	 * top-level one.
	 */
	record UpdateCategory(
			@Size(max = 100) @Pattern(regexp = Slugs.PATTERN,
					message = "must be lower-case words joined by '-'") String slug,
			@Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
			@Size(max = 36) String parentId) {
	}

	private final CategoryEditing editing;

	AdminCategoryController(CategoryEditing editing) {
		this.editing = editing;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createCategory", summary = "Create a category",
			description = "Create a category; the slug is made from the name when not given")
	@ApiResponse(responseCode = "409", description = "conflict: the slug is taken",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	Categories.Category create(@Valid @RequestBody CreateCategory request, @AuthenticationPrincipal CurrentUser actor) {
		String slug = request.slug() != null ? request.slug() : Slugs.of(request.name(), 100);
		return editing.create(slug, request.name().strip(), parent(request.parentId()), actor);
	}

	@PatchMapping("/{id}")
	@Operation(operationId = "updateCategory", summary = "Change a category",
			description = "Rename, re-slug or move a category")
	@ApiResponse(responseCode = "200", description = "The changed category",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = Categories.Category.class)))
	@ApiResponse(responseCode = "409", description = "conflict: another category has the slug",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	Categories.Category update(@PathVariable String id, @Valid @RequestBody UpdateCategory request,
			@AuthenticationPrincipal CurrentUser actor) {
		boolean changeParent = request.parentId() != null;
		UUID parent = changeParent && !request.parentId().isEmpty() ? parent(request.parentId()) : null;
		return editing.update(categoryId(id), request.slug(), request.name() == null ? null : request.name().strip(),
				parent, changeParent, actor);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteCategory", summary = "Delete a category",
			description = "Delete a category that has no sub-categories and holds no product that is not archived "
					+ "(archived products simply lose it)")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "409", description = "conflict: it has sub-categories or products use it",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	void delete(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		editing.delete(categoryId(id), actor);
	}

	private static UUID parent(String parentId) {
		if (parentId == null) {
			return null;
		}
		UUID parsed = Ids.parseOrNull(parentId);
		if (parsed == null) {
			throw new ValidationFailed("parentId", "is not a known category");
		}
		return parsed;
	}

	private static UUID categoryId(String id) {
		return Ids.require(id, "The category");
	}

}
