package io.bodega.shared.db;

import java.util.UUID;

import io.bodega.testing.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class CompletedEventsPurgeTests extends ApiTest {

	@Autowired
	CompletedEventsPurge purge;

	@Test
	void deletesCompletedPublicationsOlderThanAWeekAndKeepsEverythingElse() {
		String marker = uniqueWord();
		UUID oldDone = publication(marker, "8 days", true);
		UUID recentDone = publication(marker, "6 days", true);
		UUID oldOpen = publication(marker, "8 days", false);

		purge.purge();

		assertThat(jdbc.sql("select id from event_publication where serialized_event = ?")
			.param(marker)
			.query(UUID.class)
			.list()).containsExactlyInAnyOrder(recentDone, oldOpen).doesNotContain(oldDone);
	}

	private UUID publication(String marker, String age, boolean completed) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into event_publication (id, listener_id, event_type, serialized_event, publication_date,
				                               completion_date, status, completion_attempts)
				values (:id, 'test.listener', 'test.Event', :marker, now() - cast(:age as interval),
				        case when :completed then now() - cast(:age as interval) end,
				        case when :completed then 'COMPLETED' else 'PUBLISHED' end, 1)""")
			.param("id", id)
			.param("marker", marker)
			.param("age", age)
			.param("completed", completed)
			.update();
		return id;
	}

}
