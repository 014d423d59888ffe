/**
 * The RDV write endpoints beyond booking (status changes), and the conflict they answer when the RDV changed
 * since the caller read it: `details.changedBy` names the agent and what they changed.
 */
import { z } from 'zod';
import { RDV_STATUSES } from '../../domain/types.ts';
import type { BookingResult } from '../services/booking/index.ts';
import { ApiError } from './errors.ts';
import { okOrThrow } from './service-errors.ts';
import { ObjectIdSchema } from './schemas.ts';

export const ChangeRdvStatusBodySchema = z
	.object({
		status: z
			.enum(RDV_STATUSES)
			.describe(
				'unknown (à venir, ou à renseigner une fois commencé), seen (honoré), excused (annulé par l’usager), revoked (annulé par le service), noshow (absent non excusé). seen et noshow une fois le RDV commencé ; une séance collective : unknown, seen ou revoked.'
			),
		version: z
			.number()
			.int()
			.min(0)
			.optional()
			.describe('Version lue : 409 conflict, avec details.changedBy, si le RDV a changé depuis.'),
		participantUsagerId: ObjectIdSchema.optional().describe(
			'Ne change que le statut de ce participant ; celui du RDV suit (tous excusés → RDV excusé, l’un honoré → RDV honoré…).'
		)
	})
	.strict()
	.describe('Changement de statut.');

/**
 * A booking result, or its refusal as the API error: a stale version is a 409 conflict whose details name who
 * made the newer change; a cancelled RDV is a 409 already_cancelled.
 */
export function rdvResultOrThrow(result: BookingResult) {
	if (!result.ok && result.reason === 'already_cancelled') throw new ApiError(409, 'already_cancelled', result.message);
	if (!result.ok && result.changedBy)
		throw new ApiError(409, 'conflict', result.message, { details: { changedBy: result.changedBy } });
	return okOrThrow(result);
}
