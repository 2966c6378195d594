package io.bodega.payments;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.bodega.shared.ValidationFailed;

import org.springframework.stereotype.Component;

/**
 * The payment methods this server offers, each with its gateway. Which exist depends on
 * the configuration (the test card only while test payments are on), so a payment may
 * name a method whose gateway is gone: paying with it is refused, and a recorded payment
 * of it can be neither asked about nor refunded.
 */
@Component
class PaymentGateways {

	private final Map<String, PaymentGateway> byMethod;

	PaymentGateways(List<PaymentGateway> gateways) {
		this.byMethod = gateways.stream().collect(Collectors.toMap(PaymentGateway::method, Function.identity()));
	}

	Optional<PaymentGateway> find(String method) {
		return Optional.ofNullable(byMethod.get(method));
	}

	/** The gateway a client asked to pay with; 422 naming the offered methods if none. */
	PaymentGateway offered(String method) {
		PaymentGateway gateway = byMethod.get(method);
		if (gateway == null) {
			throw new ValidationFailed("method",
					byMethod.isEmpty() ? "is not offered: this server takes no payment method"
							: "is not offered: use " + String.join(", ", byMethod.keySet()));
		}
		return gateway;
	}

}
