package io.bodega.accounts.customers;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.web.Access;
import io.bodega.shared.web.ListPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.ADMIN)
@RequestMapping("/api/v1/admin/customers")
@Tag(name = "Admin: accounts")
class AdminCustomerController {

	private final Customers customers;

	AdminCustomerController(Customers customers) {
		this.customers = customers;
	}

	@GetMapping
	@Operation(operationId = "listCustomers", summary = "List customers",
			description = "The customers, newest first; q finds a case-insensitive part of the e-mail or the name")
	ListPage<Customers.Summary> list(
			@Parameter(description = "A part of the e-mail or the name, in any case") @RequestParam(
					required = false) @Size(max = 254) String q,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(max = 2048) String cursor) {
		return customers.list(q, limit, cursor);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getCustomer", summary = "Get a customer",
			description = "One customer, with whether the sign-in throttle locks the account and how many sessions "
					+ "are live")
	Customers.Customer get(@PathVariable String id) {
		return customers.get(Ids.require(id, "The customer"));
	}

	@PostMapping("/{id}/unlock")
	@Operation(operationId = "unlockCustomer", summary = "Lift a customer's sign-in lock",
			description = "Forget the account's failed sign-ins, so the customer can sign in again at once")
	@ApiResponse(responseCode = "200", description = "The customer, unlocked",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = Customers.Customer.class)))
	Customers.Customer unlock(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		return customers.unlock(Ids.require(id, "The customer"), actor);
	}

}
