/**
 * What every part of accounts works with: the users and their roles, the password work
 * (hashing behind one gate, the policy), the single-use tokens mailed for reset and
 * verification, the security log and the module's settings. Public for the module's other
 * packages only; Spring Modulith keeps sub-packages internal to the module.
 */
package io.bodega.accounts.users;
