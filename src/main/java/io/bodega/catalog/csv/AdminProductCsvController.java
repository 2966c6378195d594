package io.bodega.catalog.csv;

import io.bodega.catalog.config.CatalogProperties;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Semaphore;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import io.bodega.catalog.product.ProductFields;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.DomainException;
import io.bodega.shared.RateLimited;
import io.bodega.shared.web.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

/**
 * The catalog to and from a spreadsheet: the product CSV (see {@link ProductCsv} and the
 * README for its format).
 */
@RestController
@Access(Access.Level.ADMIN)
@RequestMapping("/api/v1/admin/products")
@Tag(name = "Admin: catalog")
class AdminProductCsvController {

	static final String TEXT_CSV = "text/csv";

	private static final String EXAMPLE = """
			slug,title,description,status,categories,sku,variantTitle,options,price,currency,version\r
			trail-tee,Trail Tee,"Soft, quick to dry",active,t-shirts|summer,TEE-RED-M,M / red,size=M;colour=red,1999,EUR,2026-12-01T08:51:30.494898Z\r
			trail-tee,Trail Tee,"Soft, quick to dry",active,t-shirts|summer,TEE-RED-L,L / red,size=L;colour=red,2199,EUR,2026-12-01T08:51:30.494898Z\r
			""";

	record ExportParams(
			@Pattern(regexp = ProductFields.STATUS, message = "must be draft, active or archived") String status) {
	}

	record ImportParams(@Pattern(regexp = "true|false", message = "must be true or false") String dryRun) {
	}

	/** A CSV body declared in another character set than UTF-8. */
	static final class NotUtf8 extends DomainException {

		NotUtf8(String charset) {
			super(Kind.UNSUPPORTED_MEDIA, "unsupported_media_type", "The CSV must be UTF-8, not " + charset
					+ ": save it as CSV UTF-8 and send text/csv; charset=utf-8");
		}

	}

	/** How long a client is asked to wait while another import runs. */
	private static final Duration BUSY_RETRY = Duration.ofSeconds(5);

	private final ProductExport export;

	private final ProductImport imports;

	private final String currency;

	private final int maxRows;

	private final Duration readDeadline;

	/**
	 * One import at a time on this node: each may hold its whole file's rows
	 * (BODEGA_IMPORT_MAX_ROWS) in memory.
	 */
	private final Semaphore running = new Semaphore(1);

	AdminProductCsvController(ProductExport export, ProductImport imports, CatalogProperties properties) {
		this.export = export;
		this.imports = imports;
		this.currency = properties.currency();
		this.maxRows = properties.importMaxRows();
		this.readDeadline = properties.importReadDeadline();
	}

	@GetMapping(path = "/export", produces = TEXT_CSV)
	@Operation(operationId = "exportProducts", summary = "Export products as CSV",
			description = "Every product (of one status, with status) as CSV, one row per variant with the product's "
					+ "columns repeated, ordered by slug: the file the import takes. Cells a spreadsheet would run as a "
					+ "formula get a leading apostrophe, which the import removes. version is when the product was last "
					+ "changed")
	@ApiResponse(responseCode = "200", description = "The CSV, UTF-8, rows ended by CRLF",
			headers = @Header(name = HttpHeaders.CONTENT_DISPOSITION, required = true,
					description = "attachment; filename=\"products-<UTC date>.csv\"",
					schema = @Schema(type = "string", example = "attachment; filename=\"products-2026-05-01.csv\"")),
			content = @Content(mediaType = TEXT_CSV, schema = @Schema(type = "string"),
					examples = @ExampleObject(value = EXAMPLE)))
	@ApiResponse(responseCode = "406", description = "not_acceptable: the Accept header rules out text/csv",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	void exportCsv(@Valid @ParameterObject ExportParams params, HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.CONTENT_TYPE, TEXT_CSV + "; charset=utf-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"products-" + LocalDate.now(ZoneOffset.UTC) + ".csv\"");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		export.write(out, params.status());
		out.flush();
	}

	@PostMapping(path = "/import", consumes = TEXT_CSV, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "importProducts", summary = "Import products from CSV",
			description = "Creates and updates products and variants from the export's CSV (UTF-8; a byte order mark "
					+ "and LF or CRLF row ends are fine). A known slug updates its product, a new one creates it; a "
					+ "known SKU updates its variant, a new one adds it; nothing is removed. Columns slug and sku are "
					+ "required, the others optional: a column left out keeps existing values. stock (optional) sets "
					+ "the units of new SKUs only. A row whose version (as exported) is not its product's version now "
					+ "is refused: the product was changed after the export. Every row is checked first: any bad row is 400 validation_failed "
					+ "with errors naming each row (as a spreadsheet numbers them, the header is row 1) and column, "
					+ "and nothing is written; rows one after another with the same error are one entry with lastRow, "
					+ "and past 200 entries the rest are only counted in detail. A file separated by semicolons is "
					+ "refused with a message saying so. A file may have at most 64 columns and BODEGA_IMPORT_MAX_ROWS "
					+ "rows (50,000 by default), and one import runs at a time on a server. Otherwise all rows are applied in one transaction; products that "
					+ "already hold the file's values are not written (no audit entry, same ETag). With dryRun=true "
					+ "the file is checked and counted but nothing is written")
	@RequestBody(required = true, description = "The product CSV",
			content = @Content(mediaType = TEXT_CSV, schema = @Schema(type = "string"),
					examples = @ExampleObject(value = EXAMPLE)))
	@ApiResponse(responseCode = "200", description = "What the import created, changed and found unchanged",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = ProductImport.Result.class)))
	@ApiResponse(responseCode = "408",
			description = "request_timeout: the body did not arrive within "
					+ "BODEGA_IMPORT_READ_DEADLINE (60 s by default) of its first read; nothing is written",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "409", description = "conflict: another request took a new slug or SKU meanwhile",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "413",
			description = "payload_too_large: the CSV is over BODEGA_IMPORT_MAX_SIZE "
					+ "(10 MiB by default) or has more than BODEGA_IMPORT_MAX_ROWS rows (50,000 by default)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "429",
			description = "rate_limited: another import is running on this server (one "
					+ "runs at a time); try again after Retry-After seconds",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "415", description = "unsupported_media_type: the body is not text/csv in UTF-8",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ProductImport.Result importCsv(@Valid @ParameterObject ImportParams params, HttpServletRequest request,
			@AuthenticationPrincipal CurrentUser actor) throws IOException {
		// Read as text: a charset Java does not know must be refused, not fail.
		String charset = MediaType.parseMediaType(request.getContentType()).getParameter("charset");
		if (charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")) {
			throw new NotUtf8(charset);
		}
		InputStream body = request.getInputStream();
		boolean late = false;
		try {
			if (!running.tryAcquire()) {
				throw new RateLimited("Another product import is running on this server, and one runs at a time: try "
						+ "again when it has finished", BUSY_RETRY);
			}
			try {
				ProductCsvReader.Parsed file = ProductCsvReader.read(new ReadDeadline(body, readDeadline), currency,
						maxRows);
				return imports.apply(file, "true".equals(params.dryRun()), actor);
			}
			catch (ReadDeadline.Passed e) {
				late = true;
				throw e;
			}
			finally {
				running.release();
			}
		}
		finally {
			// A body too slow to arrive is not waited for here: the 408 answer ends the
			// connection.
			if (!late) {
				drain(body);
			}
		}
	}

	/**
	 * Reads what is left of a refused file (at most the body limit), so the client, still
	 * sending it, reads the answer instead of a connection closed under it.
	 */
	private static void drain(InputStream body) {
		try {
			body.transferTo(OutputStream.nullOutputStream());
		}
		catch (IOException e) {
			// Over the size limit, or the client went away: nothing more to read either
			// way.
		}
	}

}
