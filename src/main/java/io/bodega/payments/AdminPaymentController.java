package io.bodega.payments;

import io.bodega.ordering.OrderId;
import io.bodega.shared.Ids;
import io.bodega.shared.web.Access;
import io.bodega.shared.web.ListPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.ADMIN)
@Tag(name = "Admin: orders")
class AdminPaymentController {

	private final PaymentViews views;

	AdminPaymentController(PaymentViews views) {
		this.views = views;
	}

	@GetMapping("/api/v1/admin/orders/{id}/payments")
	@Operation(operationId = "listAnyOrderPayments", summary = "List payments of any order",
			description = "Every payment attempt of an order, oldest first, each with its refund once the money was "
					+ "given back; all of them in one page")
	ListPage<PaymentView> list(@PathVariable String id) {
		return new ListPage<>(views.ofOrder(new OrderId(Ids.require(id, "The order"))), null);
	}

}
