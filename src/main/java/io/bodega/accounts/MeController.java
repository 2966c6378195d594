package io.bodega.accounts;

import org.jspecify.annotations.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.bodega.accounts.registration.EmailVerification;
import io.bodega.accounts.sessions.PasswordChange;
import io.bodega.accounts.sessions.SessionCookie;
import io.bodega.accounts.sessions.SignIn;
import io.bodega.accounts.users.Account;
import io.bodega.accounts.users.PasswordPolicy;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.web.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.CUSTOMER)
@RequestMapping("/api/v1/me")
@Tag(name = "Accounts")
class MeController {

	record ChangePasswordRequest(@NotNull @Size(max = PasswordPolicy.MAX_LENGTH) String currentPassword,
			@NotNull @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH) String newPassword) {
	}

	@Schema(name = "Session")
	record SessionView(UUID id, Instant createdAt, Instant lastSeenAt, Instant expiresAt, @Nullable String userAgent,
			@Nullable String ipAddress, boolean current) {
	}

	record SessionList(List<SessionView> items, @Nullable String nextCursor) {
	}

	private final SignIn signIn;

	private final PasswordChange passwordChange;

	private final EmailVerification verification;

	MeController(SignIn signIn, PasswordChange passwordChange, EmailVerification verification) {
		this.signIn = signIn;
		this.passwordChange = passwordChange;
		this.verification = verification;
	}

	@GetMapping
	@Operation(operationId = "getCurrentUser", summary = "Get the signed-in user", description = "The signed-in user")
	ResponseEntity<Account> me(@AuthenticationPrincipal CurrentUser caller) {
		return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(signIn.account(caller));
	}

	@PostMapping("/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "changePassword", summary = "Change the password",
			description = "Change the password; every other session of the user ends")
	@ApiResponse(responseCode = "429",
			description = "rate_limited, with Retry-After: wrong current passwords count as failed sign-ins",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	void changePassword(@AuthenticationPrincipal CurrentUser caller, @Valid @RequestBody ChangePasswordRequest request,
			HttpServletRequest http) {
		passwordChange.change(caller, request.currentPassword(), request.newPassword(), http.getRemoteAddr());
	}

	@PostMapping("/email-verification")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "resendEmailVerification", summary = "Resend the verification mail",
			description = "Mail a new e-mail verification link (at most one a minute)")
	void resendVerification(@AuthenticationPrincipal CurrentUser caller) {
		verification.resend(caller);
	}

	@GetMapping("/sessions")
	@Operation(operationId = "listSessions", summary = "List the live sessions",
			description = "The user's live sessions, most recently used first")
	SessionList sessions(@AuthenticationPrincipal CurrentUser caller) {
		return new SessionList(signIn.sessions(caller)
			.stream()
			.map(s -> new SessionView(s.id(), s.createdAt(), s.lastSeenAt(), s.expiresAt(), s.userAgent(),
					s.ipAddress(), s.id().equals(caller.sessionId())))
			.toList(), null);
	}

	@DeleteMapping("/sessions/{id}")
	@Operation(operationId = "endSession", summary = "End a session",
			description = "End one of the user's sessions (the current one too)")
	@ApiResponse(responseCode = "204", description = "Ended")
	ResponseEntity<Void> endSession(@AuthenticationPrincipal CurrentUser caller, @PathVariable String id,
			HttpServletRequest request) {
		UUID sessionId = Ids.parseOrNull(id);
		signIn.endSession(caller, sessionId);
		var answer = ResponseEntity.noContent();
		if (caller.sessionId().equals(sessionId)) {
			answer.header(HttpHeaders.SET_COOKIE, SessionCookie.clear(request).toString());
		}
		return answer.build();
	}

}
