package io.bodega.payments;

import io.bodega.ordering.OrderEvents;

import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers again, every {@code BODEGA_REFUND_RETRY}, the order events whose refund failed (the gateway refused or was
 * down), so money owed goes back without anyone's help. Safe on every node at once: the registry lets one node claim a
 * publication for resubmission, and a refund delivered twice gives the money back once anyway. The registry's public
 * API does not name a publication's listener, so any other listener of these two events that failed is delivered
 * again too: such a listener must be as safe to repeat as {@link OrderRefunds}.
 */
@Component
class RefundRetries {

	private final FailedEventPublications failed;

	RefundRetries(FailedEventPublications failed) {
		this.failed = failed;
	}

	@Scheduled(fixedDelayString = "${bodega.payments.refund-retry}", initialDelayString = "${bodega.payments.refund-retry}")
	void retry() {
		failed.resubmit(ResubmissionOptions.defaults().withBatchSize(100).withFilter(RefundRetries::refundsMoney));
	}

	private static boolean refundsMoney(EventPublication publication) {
		return publication.getEvent() instanceof OrderEvents.OrderCancelled
				|| publication.getEvent() instanceof OrderEvents.OrderRefunded;
	}
}
