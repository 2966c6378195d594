package io.bodega.shared.db;

import java.time.Duration;

import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes event publications completed longer than {@code BODEGA_EVENTS_KEEP} ago (7 days
 * by default). Every order leaves a few rows in {@code event_publication}; kept a while
 * they show what happened, kept for ever they would grow the table without end.
 * Incomplete and failed publications are never deleted here. Safe on every node at once.
 */
@Component
class CompletedEventsPurge {

	private final CompletedEventPublications completed;

	private final Duration keep;

	CompletedEventsPurge(CompletedEventPublications completed, StorageProperties storage) {
		this.completed = completed;
		this.keep = storage.events().keep();
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT3M")
	void purge() {
		completed.deletePublicationsOlderThan(keep);
	}

}
