package io.bodega.catalog.admin;

import io.bodega.catalog.product.ProductCache;
import io.bodega.catalog.product.ProductView;

import java.io.IOException;
import java.util.UUID;

import io.bodega.catalog.media.MediaStore;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.web.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The shop admin's side of a product's images: uploaded bytes are checked and stored by
 * content hash before the product's row changes.
 */
@RestController
@RequestMapping("/api/v1/admin/products")
@Tag(name = "Admin: catalog")
@Access(Access.Level.ADMIN)
class AdminProductImageController {

	private final ProductEditing editing;

	private final MediaStore media;

	AdminProductImageController(ProductEditing editing, MediaStore media) {
		this.editing = editing;
		this.media = media;
	}

	@PostMapping(path = "/{id}/images", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "uploadProductImage", summary = "Upload a product image",
			description = "Upload an image (multipart field 'file'): JPEG, PNG or WebP, at most 5 MiB")
	@ApiResponse(responseCode = "201", description = "The product with its new image",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProductView.class)))
	@ApiResponse(responseCode = "413", description = "payload_too_large: an image may be at most 5 MiB",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "415",
			description = "unsupported_media_type: not a JPEG, PNG or WebP image, or not multipart",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<byte[]> addImage(@PathVariable String id, @RequestPart("file") MultipartFile file,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@AuthenticationPrincipal CurrentUser actor) throws IOException {
		UUID productId = AdminProductController.idOf(id);
		if (file.getSize() > MediaStore.MAX_BYTES) {
			throw new MediaStore.ImageTooLarge();
		}
		MediaStore.Stored stored = media.store(file.getBytes());
		ProductCache.Rendered product = editing.addImage(productId, stored, ifMatch, actor);
		return AdminProductController.answer(HttpStatus.CREATED, product);
	}

	@DeleteMapping("/{id}/images/{imageId}")
	@Operation(operationId = "removeProductImage", summary = "Remove a product image",
			description = "Remove an image from the product")
	@ApiResponse(responseCode = "200", description = "The product without the image",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProductView.class)))
	ResponseEntity<byte[]> removeImage(@PathVariable String id, @PathVariable String imageId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@AuthenticationPrincipal CurrentUser actor) {
		return AdminProductController.ok(editing.removeImage(AdminProductController.idOf(id),
				Ids.require(imageId, "The image"), ifMatch, actor));
	}

}
