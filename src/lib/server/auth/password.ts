import { hash, verify } from '@node-rs/argon2';
import { passwordPolicyError } from '../../domain/password-policy.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

/**
 * Argon2id with the library defaults (19 MiB, 2 passes, 1 lane): OWASP's recommended minimum, fast enough
 * to keep sign-in responsive on a small server.
 */
export function hashPassword(password: string): Promise<string> {
	return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		// A malformed stored hash is a failed verification, never a crash of the sign-in page.
		return false;
	}
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a hash of nothing in particular, so that an unknown address takes as long to refuse as a
 * wrong password (no account enumeration through timing).
 */
export async function verifyAgainstDummy(password: string): Promise<void> {
	dummyHash ??= hash('guichet-dummy-password-for-timing');
	await verifyPassword(await dummyHash, password);
}

/** French message when a new password may not be used, null when it is acceptable. */
export function validateNewPassword(password: string, email?: string): string | null {
	return passwordPolicyError(password, { email, commonPasswords: COMMON_PASSWORDS });
}
