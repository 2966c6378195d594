package io.bodega.accounts.staff;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.bodega.accounts.users.Account;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.web.Access;
import io.bodega.shared.web.ListPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.ADMIN)
@RequestMapping("/api/v1/admin/staff")
@Tag(name = "Admin: accounts")
class AdminStaffController {

	record InviteRequest(@NotBlank @Size(max = 254) @Email(regexp = Account.EMAIL_PATTERN,
			message = "must be a valid e-mail address") String email, @NotBlank @Size(max = 100) String name) {
	}

	private final Staff staff;

	AdminStaffController(Staff staff) {
		this.staff = staff;
	}

	@GetMapping
	@Operation(operationId = "listStaff", summary = "List the administrators",
			description = "The administrators, newest first; you marks the caller")
	ListPage<Staff.Member> list(@AuthenticationPrincipal CurrentUser caller,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(max = 2048) String cursor) {
		return staff.members(caller, limit, cursor);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "removeStaffMember", summary = "Remove an administrator",
			description = "Remove an administrator (yourself too): the account is deleted and its sessions end at "
					+ "once. Never the last administrator")
	@ApiResponse(responseCode = "204", description = "Removed")
	@ApiResponse(responseCode = "409", description = "last_admin: the shop would be left without an administrator",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	void remove(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		staff.remove(Ids.require(id, "The staff member"), actor);
	}

	@GetMapping("/invites")
	@Operation(operationId = "listStaffInvites", summary = "List pending invitations",
			description = "Invitations to join the staff that can still be accepted, newest first")
	ListPage<Staff.Invitation> invites(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(max = 2048) String cursor) {
		return staff.invitations(limit, cursor);
	}

	@PostMapping("/invites")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "inviteStaffMember", summary = "Invite an administrator",
			description = "Mail a one-time link (valid 7 days) with which the person creates an administrator "
					+ "account. Inviting an e-mail again replaces its pending invitation; the old link stops working")
	@ApiResponse(responseCode = "409", description = "email_taken: the e-mail already has an account",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	Staff.Invitation invite(@Valid @RequestBody InviteRequest request, @AuthenticationPrincipal CurrentUser actor) {
		return staff.invite(request.email().strip(), request.name().strip(), actor);
	}

	@DeleteMapping("/invites/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "revokeStaffInvite", summary = "Revoke an invitation",
			description = "Revoke a pending invitation; its link stops working")
	@ApiResponse(responseCode = "204", description = "Revoked")
	void revoke(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		staff.revoke(Ids.require(id, "The invitation"), actor);
	}

}
