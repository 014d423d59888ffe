/** A start-up failure with a one-line explanation meant for a human (no stack trace needed). */
export class StartupError extends Error {
	override name = 'StartupError';
}
