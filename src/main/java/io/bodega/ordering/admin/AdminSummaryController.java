package io.bodega.ordering.admin;

import jakarta.validation.constraints.Pattern;

import io.bodega.shared.web.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.ADMIN)
@Tag(name = "Admin: orders")
class AdminSummaryController {

	private final AdminSummary summary;

	AdminSummaryController(AdminSummary summary) {
		this.summary = summary;
	}

	@GetMapping("/api/v1/admin/summary")
	@Operation(operationId = "getAdminSummary", summary = "Get the shop at a glance",
			description = "Orders to ship (paid) and awaiting payment; today's and the last 7 days' sales (orders "
					+ "paid, shipped or delivered, by the day they were placed in the shop's time zone, BODEGA_TIMEZONE; "
					+ "7 days oldest first, today last, days without sales included); up to 10 SKUs with fewer units "
					+ "available than lowStockBelow (default 5), fewest first; the last 5 admin changes")
	AdminSummary.Summary get(@RequestParam(required = false) @Pattern(regexp = "[0-9]{1,13}",
			message = "must be a whole number of units, 0 or more") String lowStockBelow) {
		return summary
			.summary(lowStockBelow == null ? 5 : (int) Math.min(Integer.MAX_VALUE, Long.parseLong(lowStockBelow)));
	}

}
