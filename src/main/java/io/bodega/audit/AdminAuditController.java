package io.bodega.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import io.bodega.shared.web.Access;
import io.bodega.shared.web.ListPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.ADMIN)
@RequestMapping("/api/v1/admin/audit")
@Tag(name = "Admin: audit")
class AdminAuditController {

	private final AuditLog audit;

	AdminAuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping
	@Operation(operationId = "listAuditEntries", summary = "List admin changes",
			description = "Admin changes, newest first; filter by entityType (product, category, stock) and entityId")
	ListPage<AuditLog.Entry> list(@RequestParam(required = false) @Size(max = 50) String entityType,
			@RequestParam(required = false) @Size(max = 200) String entityId,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(max = 2048) String cursor) {
		return audit.list(entityType, entityId, limit, cursor);
	}

}
