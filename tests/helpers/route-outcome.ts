/**
 * Runs a page load or form action with a constructed RequestEvent and says what came out: its data, the
 * fail() it returned, or the redirect / HTTP error it threw.
 */
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { requestEvent, type EventInit } from './request-event.ts';

export type Outcome =
	| { data: Record<string, unknown> }
	| { failure: { status: number; data: Record<string, unknown> } }
	| { redirect: string }
	| { status: number };

export async function runRoute(
	fn: unknown,
	init: { path: string; params: Record<string, string>; agent: SessionAgent; form?: Record<string, string> }
): Promise<Outcome> {
	const body = init.form ? new FormData() : undefined;
	for (const [k, v] of Object.entries(init.form ?? {})) body!.append(k, v);
	const event = requestEvent({ ...init, method: body ? 'POST' : 'GET', body });
	try {
		const result = await (fn as (e: unknown) => Promise<unknown>)(event);
		if (isActionFailure(result))
			return { failure: { status: result.status, data: result.data as unknown as Record<string, unknown> } };
		return { data: (result ?? {}) as Record<string, unknown> };
	} catch (thrown) {
		if (isRedirect(thrown)) return { redirect: thrown.location };
		if (isHttpError(thrown)) return { status: thrown.status };
		throw thrown;
	}
}

/**
 * Runs a load or action on any RequestEvent (method and body as given): what it returned, untouched (an
 * ActionFailure stays one), or the redirect / HTTP error it threw.
 */
export async function runEvent(fn: unknown, init: EventInit) {
	try {
		return { data: (await (fn as (e: unknown) => Promise<unknown>)(requestEvent(init))) as never };
	} catch (thrown) {
		if (isRedirect(thrown)) return { redirect: thrown.location };
		if (isHttpError(thrown)) return { status: thrown.status };
		throw thrown;
	}
}
