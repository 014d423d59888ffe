/** The little of oidc-provider v9 (which ships no types) that fake-oidc-provider.ts uses. */
declare module 'oidc-provider' {
	import type { IncomingMessage, ServerResponse } from 'node:http';

	interface Interaction {
		uid: string;
	}

	interface Account {
		accountId: string;
		claims(): Promise<Record<string, unknown>>;
	}

	interface Configuration {
		interactions?: { url: (ctx: unknown, interaction: Interaction) => string };
		findAccount?: (ctx: unknown, id: string) => Account | Promise<Account | undefined> | undefined;
		[key: string]: unknown;
	}

	interface InteractionDetails {
		uid: string;
		prompt: { name: string; details: Record<string, unknown> };
		params: Record<string, unknown>;
		grantId?: string;
		session?: { accountId: string };
	}

	class Grant {
		constructor(init: { accountId?: string; clientId: string });
		static find(id: string): Promise<Grant | undefined>;
		addOIDCScope(scope: string): void;
		addOIDCClaims(claims: string[]): void;
		save(): Promise<string>;
	}

	export default class Provider {
		constructor(issuer: string, configuration: Configuration);
		Grant: typeof Grant;
		callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
		interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
		interactionResult(
			req: IncomingMessage,
			res: ServerResponse,
			result: Record<string, unknown>,
			options?: { mergeWithLastSubmission?: boolean }
		): Promise<string>;
	}
}
