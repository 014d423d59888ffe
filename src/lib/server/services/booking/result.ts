/** What the booking use cases answer: who acts, the typed failures, and the shared ways to build them. */
import type { Error as MongooseError } from 'mongoose';
import type { z } from 'zod';
import type { BookingActor, BookingIssue } from '../../../domain/booking-rules.ts';
import type { RdvDto } from '../../../domain/dto.ts';
import type { SessionAgent } from '../../../domain/types.ts';
import type { Failure, FailureCode } from '../result.ts';

export interface PrescripteurIdentity {
	firstName: string;
	lastName: string;
	email: string;
	phone?: string;
	/** The structure the prescripteur works for (« CCAS de Lens », an association…), shown to the agents. */
	organisationName?: string;
}

/** Who books: a signed-in agent, an usager online (`invited`: came through an invitation), or a prescripteur. */
export type BookingActorInput =
	| { kind: 'agent'; agent: SessionAgent }
	| { kind: 'usager'; usagerId: string; invited?: boolean }
	| { kind: 'prescripteur'; prescripteur: PrescripteurIdentity };

export type BookingFailureCode = FailureCode;

/** A refusal in the services' common shape (services/result.ts); `warnings` are what the agent may confirm. */
export interface BookingFailure extends Failure<BookingIssue> {
	/** A refusal by the rules: why (e.g. duplicate_rdv, to tell an identical RDV from a taken slot). */
	errors?: BookingIssue[];
	/**
	 * A conflict's precise cause: `already_cancelled` when the RDV is cancelled, or being cancelled by a
	 * concurrent request (the API answers 409 already_cancelled, whatever the timing).
	 */
	reason?: 'already_cancelled';
	/** A stale version: the newer change that won (the API returns it in the 409's details). */
	changedBy?: ChangedBy;
}

/** Who made a change, when, and what it did (from the RDV's revisions). */
export interface ChangedBy {
	version: number;
	/** ISO instant. */
	at: string;
	/** Absent when an usager (online) or a job made the change. */
	agentId?: string;
	agentName?: string;
	summary?: string;
}

export type BookingResult = { ok: true; rdv: RdvDto; notices: BookingIssue[] } | BookingFailure;

export const fail = (
	code: BookingFailureCode,
	message: string,
	extra: Partial<BookingFailure> = {}
): BookingFailure => ({
	ok: false,
	code,
	message,
	...extra
});

export const ALREADY_CANCELLED_MESSAGE = 'Ce RDV est déjà annulé.';
export const alreadyCancelled = (message = ALREADY_CANCELLED_MESSAGE) =>
	fail('conflict', message, { reason: 'already_cancelled' });

export const actorKind = (actor: BookingActorInput): BookingActor => actor.kind;
export const actorAgentId = (actor: BookingActorInput) => (actor.kind === 'agent' ? actor.agent.id : undefined);

export function zodFailure(error: z.ZodError): BookingFailure {
	const fieldErrors: Record<string, string> = {};
	for (const issue of error.issues) fieldErrors[issue.path.join('.') || '_'] ??= issue.message;
	const first = error.issues[0];
	return fail('invalid', `Données invalides — ${first?.path.join('.') || 'requête'} : ${first?.message ?? ''}`, {
		fieldErrors
	});
}

export function validationFailure(err: unknown): BookingFailure | null {
	const errors = (err as MongooseError.ValidationError | undefined)?.errors;
	if ((err as Error | undefined)?.name !== 'ValidationError' || !errors) return null;
	const fieldErrors = Object.fromEntries(Object.entries(errors).map(([path, e]) => [path, e.message]));
	return fail('invalid', Object.values(fieldErrors)[0] ?? 'Données invalides.', { fieldErrors });
}
