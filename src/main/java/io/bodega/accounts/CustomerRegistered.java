package io.bodega.accounts;

import java.util.UUID;

/** A customer signed up; published in the transaction that made the account. */
public record CustomerRegistered(UUID id, String email) {
}
