package io.bodega.accounts;

import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.bodega.accounts.registration.EmailVerification;
import io.bodega.accounts.registration.PasswordReset;
import io.bodega.accounts.registration.Registration;
import io.bodega.accounts.sessions.SessionCookie;
import io.bodega.accounts.sessions.SignIn;
import io.bodega.accounts.staff.DevelopmentAdmin;
import io.bodega.accounts.staff.Staff;
import io.bodega.accounts.users.Account;
import io.bodega.accounts.users.PasswordPolicy;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.NotFound;
import io.bodega.shared.web.Access;
import io.bodega.shared.web.Cookies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.PUBLIC)
@RequestMapping("/api/v1/auth")
@Tag(name = "Accounts")
class AuthController {

	record RegisterRequest(
			@NotBlank @Size(max = 254) @Email(regexp = Account.EMAIL_PATTERN,
					message = "must be a valid e-mail address") String email,
			@NotNull @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH) String password,
			@NotBlank @Size(max = 100) String name) {
	}

	/**
	 * {@code cartId}: a guest cart to merge into the user's cart (else the guest cart
	 * cookie's, if any).
	 */
	record LoginRequest(@NotBlank @Size(max = 254) String email,
			@NotNull @Size(max = PasswordPolicy.MAX_LENGTH) String password, @Size(max = 64) String cartId) {
	}

	record LoginResponse(String token, Instant expiresAt, Account user) {
	}

	record ResetRequest(@NotBlank @Size(max = 254) String email) {
	}

	record ResetConfirmation(@NotBlank @Size(max = 128) String token,
			@NotNull @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH) String newPassword) {
	}

	record VerifyEmailRequest(@NotBlank @Size(max = 128) String token) {
	}

	/** {@code name}: the name to go by; the invitation's when left out. */
	record AcceptInviteRequest(@NotBlank @Size(max = 128) String token,
			@NotNull @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH) String password,
			@Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name) {
	}

	private final SignIn signIn;

	private final Registration registration;

	private final EmailVerification verification;

	private final PasswordReset reset;

	private final Staff staff;

	private final DevelopmentAdmin developmentAdmin;

	AuthController(SignIn signIn, Registration registration, EmailVerification verification, PasswordReset reset,
			Staff staff, DevelopmentAdmin developmentAdmin) {
		this.signIn = signIn;
		this.registration = registration;
		this.verification = verification;
		this.reset = reset;
		this.staff = staff;
		this.developmentAdmin = developmentAdmin;
	}

	@GetMapping("/development-admin")
	@Operation(operationId = "getDevelopmentAdmin", summary = "Where a development shop's administrator is",
			description = "In development (the embedded database, no BODEGA_ADMIN_EMAIL): the administrator Bodega made "
					+ "and the file on the server that holds its password, while that password is unchanged. 404 "
					+ "otherwise, and always with an external database")
	@ApiResponse(responseCode = "200", description = "The administrator and where its password is",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = DevelopmentAdmin.Hint.class)))
	@ApiResponse(responseCode = "404", description = "not_found: not a development shop, or its password was changed",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	DevelopmentAdmin.Hint developmentAdmin() {
		return developmentAdmin.hint().orElseThrow(() -> new NotFound("A development administrator"));
	}

	@PostMapping("/register")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "register", summary = "Register a customer",
			description = "Create a customer account; a verification link is mailed")
	@ApiResponse(responseCode = "409", description = "email_taken",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "429",
			description = "rate_limited, with Retry-After: too many sign-ups from the "
					+ "client's address or in all, or the server is busy checking passwords",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	Account register(@Valid @RequestBody RegisterRequest request, HttpServletRequest http) {
		return registration.register(request.email(), request.password(), request.name(), http.getRemoteAddr());
	}

	@PostMapping("/login")
	@Operation(operationId = "login", summary = "Sign in",
			description = "Sign in: answers a Bearer token and sets the session cookie")
	@ApiResponse(responseCode = "200", description = "Signed in; the session cookie is set too")
	@ApiResponse(responseCode = "401", description = "invalid_credentials (same answer for an unknown e-mail)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "429", description = "rate_limited, with Retry-After",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<LoginResponse> login(@Valid @RequestBody LoginRequest body, HttpServletRequest request) {
		String guestCart = body.cartId() != null ? body.cartId() : cartCookie(request);
		SignIn.SignedIn signedIn = signIn.signIn(body.email(), body.password(),
				request.getHeader(HttpHeaders.USER_AGENT), request.getRemoteAddr(), guestCart);
		Duration lifetime = Duration.between(Instant.now(), signedIn.expiresAt());
		return ResponseEntity.ok()
			.header(HttpHeaders.SET_COOKIE, SessionCookie.issue(request, signedIn.token(), lifetime).toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(new LoginResponse(signedIn.token(), signedIn.expiresAt(), signedIn.user()));
	}

	/**
	 * The guest cart cookie that {@code POST /api/v1/carts} set, if the browser sends it.
	 */
	private static String cartCookie(HttpServletRequest request) {
		return Cookies.read(request, Cookies.CART).orElse(null);
	}

	@PostMapping("/logout")
	@Access(Access.Level.CUSTOMER)
	@Operation(operationId = "logout", summary = "Sign out",
			description = "End the current session; token and cookie stop working at once")
	@ApiResponse(responseCode = "204", description = "Signed out; the cookie is cleared")
	ResponseEntity<Void> logout(@AuthenticationPrincipal CurrentUser caller, HttpServletRequest request) {
		signIn.signOut(caller);
		return ResponseEntity.noContent()
			.header(HttpHeaders.SET_COOKIE, SessionCookie.clear(request).toString())
			.build();
	}

	@PostMapping("/password-reset")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "requestPasswordReset", summary = "Request a password reset",
			description = "Mail a one-time reset link if the e-mail has an account; always 202")
	void requestReset(@Valid @RequestBody ResetRequest request) {
		reset.request(request.email());
	}

	@PostMapping("/password-reset/confirm")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "confirmPasswordReset", summary = "Set a new password with a reset token",
			description = "Set a new password with the mailed token; every session of the user ends")
	@ApiResponse(responseCode = "429",
			description = "rate_limited: the server is busy checking passwords; retry after "
					+ "the Retry-After seconds",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	void confirmReset(@Valid @RequestBody ResetConfirmation request) {
		reset.reset(request.token(), request.newPassword());
	}

	@PostMapping("/verify-email")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "verifyEmail", summary = "Verify an e-mail address",
			description = "Confirm the e-mail address with the mailed token")
	void verifyEmail(@Valid @RequestBody VerifyEmailRequest request) {
		verification.verify(request.token());
	}

	@PostMapping("/accept-invite")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "acceptStaffInvite", summary = "Accept an invitation to the staff",
			description = "Create the invited administrator account with the mailed token and a password of the "
					+ "same rules as at registration; the e-mail counts as verified. Then sign in as usual. A token "
					+ "that is unknown, expired, revoked, replaced or used is a 400 naming token")
	@ApiResponse(responseCode = "409", description = "email_taken: the e-mail got an account after the invitation",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "429",
			description = "rate_limited: the server is busy checking passwords; retry after "
					+ "the Retry-After seconds",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	Account acceptInvite(@Valid @RequestBody AcceptInviteRequest request) {
		return staff.accept(request.token(), request.password(), request.name());
	}

}
