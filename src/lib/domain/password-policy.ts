/**
 * Rules for a new agent password (pure: the list of common passwords is passed in).
 * Length first (the one rule that matters most), then the cheap guesses an attacker tries first: a common
 * password, possibly dressed up with digits or symbols around it, a run of one character, or the email itself.
 */
export const PASSWORD_MIN_LENGTH = 12;
/** Bounded so that hashing an oversized input cannot be used to burn CPU. */
export const PASSWORD_MAX_LENGTH = 256;

export const PASSWORD_MESSAGES = {
	required: 'Saisissez un mot de passe.',
	tooShort: `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`,
	tooLong: `Le mot de passe ne doit pas dépasser ${PASSWORD_MAX_LENGTH} caractères.`,
	common: 'Ce mot de passe est trop courant. Choisissez-en un autre, plus difficile à deviner.',
	repetitive: 'Ce mot de passe est trop simple : il répète presque toujours les mêmes caractères.',
	email: 'Le mot de passe ne doit pas reprendre votre adresse e-mail.'
} as const;

/** Lowercase without accents: « Soleil », « SOLEIL » and « sôleil » are the same guess. */
export function normalizePassword(pw: string): string {
	return pw.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The forms looked up in the common list: the whole password, and its core once the digits and symbols people
 * add around a word are removed (« Soleil2024!! » → « soleil », « azerty123456 » → « azerty »).
 */
export function commonPasswordCandidates(pw: string): string[] {
	const normalized = normalizePassword(pw);
	const core = normalized.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
	return core.length >= 4 && core !== normalized ? [normalized, core] : [normalized];
}

/** Mostly one character (« aaaaaaaaaaab ») or very few distinct ones (« abababababab »). */
export function isRepetitive(pw: string): boolean {
	const chars = [...normalizePassword(pw)];
	const counts = new Map<string, number>();
	for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
	const max = Math.max(0, ...counts.values());
	return counts.size < 4 || max > chars.length / 2;
}

function reusesEmail(pw: string, email: string | undefined): boolean {
	if (!email) return false;
	const p = normalizePassword(pw.trim());
	const e = normalizePassword(email.trim());
	const local = e.split('@')[0];
	return p === e || (local.length > 0 && p === local);
}

/** French error message for a password that may not be used, or null when it is acceptable. */
export function passwordPolicyError(
	pw: string,
	opts: { email?: string; commonPasswords: ReadonlySet<string> }
): string | null {
	if (pw.length === 0) return PASSWORD_MESSAGES.required;
	// Count characters, not UTF-16 units: an emoji is one character for the person typing it.
	const length = [...pw].length;
	if (length < PASSWORD_MIN_LENGTH) return PASSWORD_MESSAGES.tooShort;
	if (length > PASSWORD_MAX_LENGTH) return PASSWORD_MESSAGES.tooLong;
	if (reusesEmail(pw, opts.email)) return PASSWORD_MESSAGES.email;
	if (isRepetitive(pw)) return PASSWORD_MESSAGES.repetitive;
	if (commonPasswordCandidates(pw).some((c) => opts.commonPasswords.has(c))) return PASSWORD_MESSAGES.common;
	return null;
}
