package io.bodega.shared.db;

import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers again, every {@code BODEGA_EVENT_RETRY}, the event publications whose listener
 * failed: a refund the gateway refused or could not take, a mail that could not be
 * queued, and (after the registry's staleness limit) one whose node died mid-way. So
 * every consequence of a change happens in the end without anyone's help. Safe on every
 * node at once: the registry lets one node claim a publication for resubmission. Every
 * listener must therefore be safe to run again: refunds lock the payment and refund only
 * a succeeded one; a mail may, rarely, go out twice.
 */
@Component
class FailedEventsRetry {

	private final FailedEventPublications failed;

	FailedEventsRetry(FailedEventPublications failed) {
		this.failed = failed;
	}

	@Scheduled(fixedDelayString = "${bodega.events.retry}", initialDelayString = "${bodega.events.retry}")
	void retry() {
		failed.resubmit(ResubmissionOptions.defaults().withBatchSize(100));
	}

}
