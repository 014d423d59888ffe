// See https://svelte.dev/docs/kit/types#app.d.ts
import type { SessionAgent, SessionUsager } from '$lib/domain/types';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Request id, shown on error pages so support can find the log line. */
			requestId?: string;
		}
		interface Locals {
			requestId: string;
			/** The signed-in agent (session cookie or API bearer token), or null. */
			agent: SessionAgent | null;
			/** Session id when signed in through the cookie (not for API tokens). */
			sessionId: string | null;
			/** The signed-in usager (its own session cookie, separate from agents'), or null. */
			usager: SessionUsager | null;
			/** The usager session's id (the SHA-256 of its token), or null. */
			usagerSessionId: string | null;
			/** Set by the guard hook when it refused a page navigation (rendered as a 403 by the root layout). */
			accessDenied?: boolean;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
