/**
 * The RDV write endpoints beyond booking (edit, participants, status, cancel, delete), the one way they take the
 * version the caller read (`If-Match: "<version>"`, the ETag of GET /rdvs/{id}, or a `version` body field), and
 * the conflict they answer when the RDV changed since: `details.changedBy` names the agent and what they changed.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { RDV_STATUSES } from '../../domain/types.ts';
import type { BookingFailure, BookingResult } from '../services/booking/index.ts';
import { ApiError, badRequest, preconditionRequired } from './errors.ts';
import { RdvDurationSchema, RdvStartSchema } from './scheduling.ts';
import { okOrThrow } from './service-errors.ts';
import { ObjectIdSchema } from './schemas.ts';

/** The ETag of an RDV: its version, quoted (a strong validator: any change bumps the version). */
export const rdvEtag = (version: number) => `"${version}"`;

const VERSION_DESCRIPTION =
	'Version lue (l’ETag de GET /rdvs/{rdvId}, sans guillemets) ; ou l’en-tête If-Match. 409 conflict, avec details.changedBy, si le RDV a changé depuis.';

export const VersionSchema = z.number().int().min(0).describe(VERSION_DESCRIPTION);

/** The If-Match request header, as documented on the writes that read it. */
export const IfMatchHeadersSchema = z.object({
	'If-Match': z
		.string()
		.regex(/^"\d+"$/)
		.optional()
		.describe('"<version>" : l’ETag renvoyé par GET /rdvs/{rdvId} (ou le champ version du corps).')
});

const IF_MATCH = /^\s*"(\d+)"\s*$/;
const VERSION_REQUIRED_MESSAGE =
	'Indiquez la version du RDV que vous avez lue : en-tête If-Match: "<version>" (l’ETag de GET /rdvs/{rdvId}) ou champ version.';

/**
 * The version the caller read, from If-Match or the body (both: they must agree). `required`: neither is 428
 * precondition_required, so that no write silently overwrites a newer change.
 */
export function readRdvVersion(event: RequestEvent, bodyVersion: number | undefined, required: true): number;
export function readRdvVersion(
	event: RequestEvent,
	bodyVersion: number | undefined,
	required: false
): number | undefined;
export function readRdvVersion(event: RequestEvent, bodyVersion: number | undefined, required: boolean) {
	const header = event.request.headers.get('if-match');
	let version = bodyVersion;
	if (header !== null) {
		const match = IF_MATCH.exec(header);
		if (!match) throw badRequest('En-tête If-Match invalide : attendu "<version>", l’ETag de GET /rdvs/{rdvId}.');
		const fromHeader = Number(match[1]);
		if (bodyVersion !== undefined && bodyVersion !== fromHeader)
			throw badRequest('L’en-tête If-Match et le champ version indiquent deux versions différentes.');
		version = fromHeader;
	}
	if (version === undefined && required) throw preconditionRequired(VERSION_REQUIRED_MESSAGE);
	return version;
}

/** A successful write: the new ETag goes with the RDV it answers. */
export function withRdvEtag<T extends { version: number }>(event: RequestEvent, rdv: T): T {
	event.setHeaders({ etag: rdvEtag(rdv.version) });
	return rdv;
}

const ObjectIds = z.array(ObjectIdSchema);

export const EditRdvBodySchema = z
	.object({
		startsAt: RdvStartSchema.optional().describe(
			'Nouveau début (ISO 8601), sur un multiple de 5 minutes sans secondes.'
		),
		durationMinutes: RdvDurationSchema.optional().describe('En minutes, multiple de 5.'),
		lieuId: ObjectIdSchema.nullable()
			.optional()
			.describe('Nouveau lieu (remplace une adresse ponctuelle) ; null : plus de lieu.'),
		singleUseAddress: z
			.string()
			.trim()
			.max(300)
			.nullable()
			.optional()
			.describe('Adresse ponctuelle (remplace le lieu) ; null ou vide : aucune.'),
		agentIds: ObjectIds.min(1, 'Choisissez au moins un agent.')
			.max(20)
			.optional()
			.describe('Agents du RDV, de services différents si besoin.'),
		context: z.string().trim().max(5000).nullable().optional().describe('Note de contexte ; null ou vide : aucune.'),
		confirm: z
			.boolean()
			.optional()
			.describe(
				'true pour enregistrer malgré les avertissements (chevauchement, indisponibilité, début passé, autre RDV de l’usager) renvoyés par un 409 needs_confirmation.'
			),
		version: VersionSchema.optional()
	})
	.strict()
	.describe('Modification d’un RDV : seuls les champs envoyés changent.');

export const AddParticipantsBodySchema = z
	.object({
		usagerIds: ObjectIds.min(1, 'Choisissez au moins un usager.').max(500),
		sendLifecycleNotifications: z
			.boolean()
			.optional()
			.describe('Messages de création, modification et annulation (défaut : true).'),
		sendReminderNotification: z.boolean().optional().describe('Rappel avant le RDV (défaut : true).'),
		confirm: z
			.boolean()
			.optional()
			.describe('true pour ajouter malgré les avertissements (autre RDV de l’usager le même jour…).'),
		version: VersionSchema.optional()
	})
	.strict()
	.describe('Usagers à ajouter au RDV ou à la séance.');

export const UpdateParticipantBodySchema = z
	.object({
		sendLifecycleNotifications: z.boolean().optional(),
		sendReminderNotification: z.boolean().optional(),
		version: VersionSchema.optional()
	})
	.strict()
	.describe('Choix de notification d’un participant.');

export const CancelRdvBodySchema = z
	.object({
		status: z
			.enum(['revoked', 'excused'])
			.default('revoked')
			.describe('revoked : annulé par le service (défaut) ; excused : annulé à la demande de l’usager.'),
		version: VersionSchema.optional(),
		expectedVersion: z
			.number()
			.int()
			.min(0)
			.optional()
			.meta({ deprecated: true })
			.describe('Ancien nom de version (déprécié) : utilisez version ou l’en-tête If-Match.')
	})
	.describe('Annulation.');

export const ChangeRdvStatusBodySchema = z
	.object({
		status: z
			.enum(RDV_STATUSES)
			.describe(
				'unknown (à venir, ou à renseigner une fois commencé), seen (honoré), excused (annulé par l’usager), revoked (annulé par le service), noshow (absent non excusé). seen et noshow une fois le RDV commencé ; une séance collective : unknown, seen ou revoked.'
			),
		version: VersionSchema.optional(),
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
export function rdvResultOrThrow<R extends BookingResult | { ok: true } | BookingFailure>(result: R) {
	if (!result.ok && result.reason === 'already_cancelled') throw new ApiError(409, 'already_cancelled', result.message);
	if (!result.ok && result.changedBy)
		throw new ApiError(409, 'conflict', result.message, { details: { changedBy: result.changedBy } });
	return okOrThrow(result);
}
