package io.bodega.shared.web.problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The two answers of access control, the same wherever they are produced. */
public final class SecurityProblems {

	private SecurityProblems() {
	}

	public static ProblemDetail unauthenticated() {
		return Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated",
				"Sign in first: send a session token as Bearer or the session cookie");
	}

	public static ProblemDetail forbidden() {
		return Problems.of(HttpStatus.FORBIDDEN, "forbidden", "You are signed in but not allowed to do this");
	}

}
