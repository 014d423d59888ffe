/**
 * Motifs of an organisation (PRODUCT.md §2): members read those of their services (canSeeMotif), admins
 * create, edit, duplicate and delete them (canManageMotif). Once RDVs exist, the location type and the
 * collective flag are locked and deleting only marks the motif deleted, so that those RDVs keep their meaning.
 */
import { isObjectIdOrHexString } from 'mongoose';
import { z } from 'zod';
import type { MotifDto, ServiceDto } from '../../domain/dto.ts';
import { BOOKING_DELAY_MINUTES, isBookableOnline, isBookingDelayChoice } from '../../domain/motif-options.ts';
import { canManageMotif, canSeeMotif, canSeeOrganisation } from '../../domain/permissions.ts';
import { normalizeText } from '../../domain/text-keys.ts';
import {
	BOOKABLE_BY,
	LOCATION_TYPES,
	MOTIF_VISIBILITIES,
	type AgentPrincipal,
	type LocationType
} from '../../domain/types.ts';
import { Motif, type MotifDoc } from '../db/models/motif.ts';
import { Organisation } from '../db/models/organisation.ts';
import { PlageOuverture } from '../db/models/plage-ouverture.ts';
import { Rdv } from '../db/models/rdv.ts';
import { Service } from '../db/models/service.ts';
import { Territory } from '../db/models/territory.ts';
import { events } from '../events.ts';
import { toMotifDto, toServiceDto } from './mappers.ts';
import {
	ServiceError,
	forbiddenError,
	invalidError,
	isDuplicateKeyError,
	mongooseFieldErrors,
	notFoundError,
	zodFieldErrors
} from './service-error.ts';

const delay = (what: string) =>
	z
		.number({ error: `Choisissez le délai ${what}.` })
		.refine(isBookingDelayChoice, `Choisissez le délai ${what} parmi les valeurs proposées (30 minutes à 1 an).`)
		.describe(`Délai ${what} en minutes, parmi : ${BOOKING_DELAY_MINUTES.join(', ')}.`);

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `Le texte ne doit pas dépasser ${max} caractères.`)
		.optional()
		.describe('Une chaîne vide retire le texte.');

/** The editable fields of a motif, without defaults or cross-field rules (see MotifInputSchema). */
const motifFieldsShape = {
	name: z
		.string({ error: 'Le nom est obligatoire.' })
		.trim()
		.min(1, 'Le nom est obligatoire.')
		.max(160, 'Le nom ne doit pas dépasser 160 caractères.'),
	serviceId: z
		.string({ error: 'Choisissez un service.' })
		.regex(/^[0-9a-f]{24}$/, 'Choisissez un service.')
		.describe('Service du motif (jamais le secrétariat).'),
	color: z
		.string()
		.regex(/^#[0-9a-fA-F]{6}$/, 'Couleur invalide : format #RRGGBB attendu.')
		.describe('Couleur dans l’agenda, #RRGGBB.'),
	durationMinutes: z
		.number({ error: 'La durée doit être un nombre de minutes.' })
		.int('La durée doit être un nombre entier de minutes.')
		.min(5, 'La durée minimale est de 5 minutes.')
		.max(24 * 60, 'La durée maximale est de 24 heures.')
		.multipleOf(5, 'La durée se choisit par pas de 5 minutes.')
		.describe('Durée en minutes, aussi le pas entre deux créneaux.'),
	locationType: z
		.enum(LOCATION_TYPES, { error: 'Choisissez le type de lieu.' })
		.describe('Sur place, téléphone, domicile ou visioconférence ; verrouillé une fois des RDV pris.'),
	collective: z.boolean().describe('Motif collectif (atelier, réunion) ; verrouillé une fois des RDV pris.'),
	bookableBy: z
		.enum(BOOKABLE_BY, { error: 'Choisissez qui peut réserver.' })
		.describe('Qui peut réserver : agents seulement (pas de réservation en ligne) … tout le monde.'),
	minBookingDelayMinutes: delay('minimum'),
	maxBookingDelayMinutes: delay('maximum'),
	rdvsEditableByUser: z.boolean().describe('L’usager peut déplacer son RDV.'),
	rdvsCancellableByUser: z.boolean().describe('L’usager peut annuler son RDV.'),
	visibility: z.enum(MOTIF_VISIBILITIES, { error: 'Choisissez la visibilité.' }),
	followUp: z.boolean().describe('RDV de suivi : réservé aux usagers dont le référent tient la plage.'),
	instructionsBeforeBooking: optionalText(5000),
	instructionsAfterBooking: optionalText(5000),
	customCancelWarning: optionalText(2000)
};

type MotifFieldsOut = { [K in keyof typeof motifFieldsShape]: z.output<(typeof motifFieldsShape)[K]> };

function crossChecks(v: Partial<MotifFieldsOut>, ctx: z.RefinementCtx) {
	if (
		v.minBookingDelayMinutes !== undefined &&
		v.maxBookingDelayMinutes !== undefined &&
		v.maxBookingDelayMinutes <= v.minBookingDelayMinutes
	) {
		ctx.addIssue({
			code: 'custom',
			path: ['maxBookingDelayMinutes'],
			message: 'Le délai maximum doit être supérieur au délai minimum.'
		});
	}
	if (v.collective && v.locationType === 'home') {
		ctx.addIssue({
			code: 'custom',
			path: ['collective'],
			message: 'Un motif collectif ne peut pas avoir lieu à domicile.'
		});
	}
}

/** A complete motif: what a merged update must satisfy. */
const CompleteMotifSchema = z.object(motifFieldsShape).strict().superRefine(crossChecks);

/** A new motif: name, service and location type are required, the rest has the model's defaults. */
export const MotifInputSchema = z
	.object({
		...motifFieldsShape,
		color: motifFieldsShape.color.default('#6a6af4'),
		durationMinutes: motifFieldsShape.durationMinutes.default(30),
		collective: motifFieldsShape.collective.default(false),
		bookableBy: motifFieldsShape.bookableBy.default('agents'),
		minBookingDelayMinutes: motifFieldsShape.minBookingDelayMinutes.default(30),
		maxBookingDelayMinutes: motifFieldsShape.maxBookingDelayMinutes.default(90 * 24 * 60),
		rdvsEditableByUser: motifFieldsShape.rdvsEditableByUser.default(true),
		rdvsCancellableByUser: motifFieldsShape.rdvsCancellableByUser.default(true),
		visibility: motifFieldsShape.visibility.default('visible_and_notified'),
		followUp: motifFieldsShape.followUp.default(false)
	})
	.strict()
	.superRefine(crossChecks)
	.describe('Nouveau motif.');

/** Any subset of the fields; the merged motif is checked as a whole (max > min, collective not at home). */
export const MotifPatchSchema = z.object(motifFieldsShape).partial().strict().describe('Champs du motif à modifier.');

export type MotifInput = z.input<typeof MotifInputSchema>;
export type MotifPatch = z.input<typeof MotifPatchSchema>;

export interface MotifFilters {
	/** Part of the name, accents and case ignored. */
	name?: string;
	serviceId?: string;
	locationType?: LocationType;
	/** true: bookable online (anyone besides agents may book); false: agents only. */
	bookableOnline?: boolean;
	collective?: boolean;
	includeDeleted?: boolean;
}

const LOCKED_MESSAGE = {
	locationType: 'Le type de lieu ne peut plus être modifié : des RDV ont déjà été pris sur ce motif.',
	collective: 'Le caractère collectif ne peut plus être modifié : des RDV ont déjà été pris sur ce motif.'
} as const;

/**
 * Motifs of the organisation, by name. With a viewer, only those it may see (a basic agent: its services).
 * One equality query on the organisation (and the service when filtered); the other filters run here.
 */
export async function listMotifs(
	organisationId: string,
	filters: MotifFilters = {},
	viewer?: AgentPrincipal
): Promise<MotifDto[]> {
	if (!isObjectIdOrHexString(organisationId)) return [];
	if (filters.serviceId !== undefined && !isObjectIdOrHexString(filters.serviceId)) return [];
	const docs = await Motif.find({
		organisationId,
		...(filters.serviceId ? { serviceId: filters.serviceId } : {})
	}).lean();
	const name = filters.name ? normalizeText(filters.name) : '';
	return docs
		.map(toMotifDto)
		.filter(
			(m) =>
				(filters.includeDeleted || !m.deleted) &&
				(!name || normalizeText(m.name).includes(name)) &&
				(filters.locationType === undefined || m.locationType === filters.locationType) &&
				(filters.bookableOnline === undefined || isBookableOnline(m.bookableBy) === filters.bookableOnline) &&
				(filters.collective === undefined || m.collective === filters.collective) &&
				(!viewer || canSeeMotif(viewer, m))
		)
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

async function findMotif(organisationId: string, motifId: string): Promise<MotifDoc | null> {
	if (!isObjectIdOrHexString(organisationId) || !isObjectIdOrHexString(motifId)) return null;
	return Motif.findOne({ _id: motifId, organisationId });
}

/** Null when it does not exist, belongs to another organisation or (with a viewer) may not be seen. */
export async function getMotif(
	organisationId: string,
	motifId: string,
	viewer?: AgentPrincipal
): Promise<MotifDto | null> {
	const doc = await findMotif(organisationId, motifId);
	if (!doc) return null;
	const dto = toMotifDto(doc);
	return !viewer || canSeeMotif(viewer, dto) ? dto : null;
}

/** RDVs (even cancelled ones) were taken on the motif: equality query on its id. */
export async function motifHasRdvs(motifId: string): Promise<boolean> {
	return !!(await Rdv.exists({ motifId }));
}

function requireManager(actor: AgentPrincipal, organisationId: string) {
	if (!canManageMotif(actor, { organisationId })) {
		throw forbiddenError('Seuls les administrateurs de l’organisation peuvent gérer ses motifs.');
	}
}

async function requireMotif(actor: AgentPrincipal, organisationId: string, motifId: string): Promise<MotifDoc> {
	requireManager(actor, organisationId);
	const doc = await findMotif(organisationId, motifId);
	if (!doc || doc.deletedAt) throw notFoundError('Motif introuvable.');
	return doc;
}

/** The service must exist, be active in the organisation's territory, and not be the Secrétariat. */
async function checkService(organisationId: string, serviceId: string): Promise<string | null> {
	const [service, organisation] = await Promise.all([
		Service.findById(serviceId).lean(),
		Organisation.findById(organisationId, { territoryId: 1 }).lean()
	]);
	if (!service) return 'Ce service n’existe pas.';
	if (service.isSecretariat) return 'Le secrétariat ne peut pas être le service d’un motif.';
	const territory = organisation && (await Territory.findById(organisation.territoryId, { serviceIds: 1 }).lean());
	if (!territory?.serviceIds.some((id) => String(id) === serviceId)) {
		return `Le service « ${service.name} » n’est pas activé sur le territoire de cette organisation.`;
	}
	return null;
}

/** Services a motif of the organisation may use: active in its territory, never the Secrétariat; by name. */
export async function listMotifServices(organisationId: string): Promise<ServiceDto[]> {
	if (!isObjectIdOrHexString(organisationId)) return [];
	const organisation = await Organisation.findById(organisationId, { territoryId: 1 }).lean();
	const territory = organisation && (await Territory.findById(organisation.territoryId, { serviceIds: 1 }).lean());
	if (!territory) return [];
	const services = await Promise.all(territory.serviceIds.map((id) => Service.findById(id).lean()));
	return services
		.flatMap((s) => (s && !s.isSecretariat ? [toServiceDto(s)] : []))
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const parsed = schema.safeParse(input);
	if (!parsed.success) throw invalidError(zodFieldErrors(parsed.error));
	return parsed.data;
}

/** Optional texts: an empty string removes them (unset, never ''). */
function assign(doc: MotifDoc, fields: Partial<MotifFieldsOut>) {
	for (const [key, value] of Object.entries(fields)) {
		doc.set(key, value === '' ? undefined : value);
	}
}

const DUPLICATE_NAME_MESSAGE = 'Un motif de ce nom existe déjà pour ce service et ce type de lieu.';

async function save(doc: MotifDoc, actor: AgentPrincipal): Promise<MotifDto> {
	try {
		await doc.save();
	} catch (err) {
		const fields = mongooseFieldErrors(err);
		if (fields) throw invalidError(fields);
		if (isDuplicateKeyError(err))
			throw new ServiceError('conflict', DUPLICATE_NAME_MESSAGE, { name: DUPLICATE_NAME_MESSAGE });
		throw err;
	}
	await events.publish('organisation.updated', {
		organisationId: String(doc.organisationId),
		actorAgentId: actor.id,
		subject: { kind: 'motif', id: String(doc._id) }
	});
	return toMotifDto(doc);
}

/** The unique name key is only checked on save: say it first, on the name field, for a clear form error. */
async function nameTaken(doc: MotifDoc): Promise<boolean> {
	const others = await Motif.find(
		{ organisationId: doc.organisationId, serviceId: doc.serviceId },
		{ name: 1, locationType: 1, deletedAt: 1 }
	).lean();
	const key = normalizeText(doc.name);
	return others.some(
		(m) =>
			String(m._id) !== String(doc._id) &&
			!m.deletedAt &&
			m.locationType === doc.locationType &&
			normalizeText(m.name) === key
	);
}

async function validateAndSave(doc: MotifDoc, actor: AgentPrincipal): Promise<MotifDto> {
	const serviceProblem = await checkService(String(doc.organisationId), String(doc.serviceId));
	if (serviceProblem) throw invalidError({ serviceId: serviceProblem });
	if (await nameTaken(doc))
		throw new ServiceError('conflict', DUPLICATE_NAME_MESSAGE, { name: DUPLICATE_NAME_MESSAGE });
	return save(doc, actor);
}

export async function createMotif(actor: AgentPrincipal, organisationId: string, input: unknown): Promise<MotifDto> {
	requireManager(actor, organisationId);
	const fields = parse(MotifInputSchema, input);
	const doc = new Motif({ organisationId });
	assign(doc, fields);
	return validateAndSave(doc, actor);
}

export async function updateMotif(
	actor: AgentPrincipal,
	organisationId: string,
	motifId: string,
	patch: unknown
): Promise<MotifDto> {
	const doc = await requireMotif(actor, organisationId, motifId);
	const changes = parse(MotifPatchSchema, patch);
	const current = toMotifDto(doc);
	const merged = { ...pickEditable(current), ...changes };
	parse(CompleteMotifSchema, merged);

	const locked = (['locationType', 'collective'] as const).filter(
		(key) => changes[key] !== undefined && changes[key] !== current[key]
	);
	if (locked.length && (await motifHasRdvs(motifId))) {
		throw invalidError(Object.fromEntries(locked.map((key) => [key, LOCKED_MESSAGE[key]])));
	}
	assign(doc, changes);
	return validateAndSave(doc, actor);
}

function pickEditable(m: MotifDto): Partial<MotifFieldsOut> {
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(motifFieldsShape)) {
		const value = (m as unknown as Record<string, unknown>)[key];
		if (value !== undefined) out[key] = value;
	}
	return out as Partial<MotifFieldsOut>;
}

/**
 * A copy of the motif: in the same organisation it is named "… (copie)"; into another organisation the agent
 * administers it keeps its name when free. The motif's service must be active in the target's territory.
 */
export async function duplicateMotif(
	actor: AgentPrincipal,
	organisationId: string,
	motifId: string,
	options: { targetOrganisationId?: string } = {}
): Promise<MotifDto> {
	const source = await requireMotif(actor, organisationId, motifId);
	const targetId = options.targetOrganisationId ?? organisationId;
	// An organisation the actor cannot see reads as unknown: the refusal must not tell that it exists.
	const target = isObjectIdOrHexString(targetId)
		? await Organisation.findById(targetId, { territoryId: 1 }).lean()
		: null;
	if (!target || !canSeeOrganisation(actor, { organisationId: targetId, territoryId: String(target.territoryId) })) {
		throw invalidError({ targetOrganisationId: 'Organisation cible introuvable.' });
	}
	if (!canManageMotif(actor, { organisationId: targetId })) {
		throw forbiddenError('Vous devez être administrateur de l’organisation cible pour y dupliquer un motif.');
	}
	const serviceProblem = await checkService(targetId, String(source.serviceId));
	if (serviceProblem) throw invalidError({ targetOrganisationId: serviceProblem });

	const fields = pickEditable(toMotifDto(source));
	const sameOrganisation = targetId === organisationId;
	const copy = new Motif({ organisationId: targetId });
	assign(copy, fields);
	for (let attempt = sameOrganisation ? 1 : 0; attempt <= 20; attempt++) {
		copy.name = attempt === 0 ? source.name : `${source.name} (copie${attempt > 1 ? ` ${attempt}` : ''})`;
		if (!(await nameTaken(copy))) return validateAndSave(copy, actor);
	}
	throw new ServiceError('conflict', DUPLICATE_NAME_MESSAGE, { name: DUPLICATE_NAME_MESSAGE });
}

/**
 * Deletes the motif, or only marks it deleted when RDVs or plages refer to it (they keep their motif; it is
 * no longer offered and its name is free again).
 */
export async function softDeleteMotif(
	actor: AgentPrincipal,
	organisationId: string,
	motifId: string
): Promise<{ mode: 'soft' | 'hard' }> {
	const doc = await requireMotif(actor, organisationId, motifId);
	const [rdv, plage] = await Promise.all([motifHasRdvs(motifId), PlageOuverture.exists({ motifIds: doc._id })]);
	let mode: 'soft' | 'hard';
	if (rdv || plage) {
		doc.deletedAt = new Date();
		await doc.save();
		mode = 'soft';
	} else {
		await doc.deleteOne();
		mode = 'hard';
	}
	await events.publish('organisation.updated', {
		organisationId,
		actorAgentId: actor.id,
		subject: { kind: 'motif', id: motifId }
	});
	return { mode };
}
