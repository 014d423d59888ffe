import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';

/**
 * Secret tokens (sessions, password reset, and any other emailed or bearer secret): random bytes, encoded in
 * lowercase base32 so they survive URLs and copy-paste. Only their SHA-256 is ever stored, so a database leak
 * does not hand out working tokens.
 */
export function generateToken(byteLength = 20): string {
	return encodeBase32LowerCaseNoPadding(randomBytes(byteLength));
}

/** SHA-256 of a token, hex-encoded: the value stored and looked up. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Compares two hex digests without leaking where they differ. */
export function digestsEqual(a: string, b: string): boolean {
	const ea = new TextEncoder().encode(a);
	const eb = new TextEncoder().encode(b);
	return ea.length === eb.length && constantTimeEqual(ea, eb);
}
