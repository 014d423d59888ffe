/**
 * Lieux of an organisation (PRODUCT.md §2–3): listed and read by its members, managed by its admins. A lieu
 * that plages or RDVs point to is never deleted, only disabled, so that history keeps its address.
 */
import { isObjectIdOrHexString } from 'mongoose';
import { z } from 'zod';
import type { LieuDto } from '../../domain/dto.ts';
import { canAdminOrganisation } from '../../domain/permissions.ts';
import { normalizePhone } from '../../domain/phone.ts';
import type { AgentPrincipal } from '../../domain/types.ts';
import { Lieu, type LieuDoc } from '../db/models/lieu.ts';
import { PlageOuverture } from '../db/models/plage-ouverture.ts';
import { Rdv } from '../db/models/rdv.ts';
import { events } from '../events.ts';
import { toLieuDto } from './mappers.ts';
import {
	ServiceError,
	forbiddenError,
	invalidError,
	mongooseFieldErrors,
	notFoundError,
	zodFieldErrors
} from './service-error.ts';

const CoordinatesSchema = z
	.object({
		latitude: z
			.number({ error: 'La latitude doit être un nombre.' })
			.min(-90, 'La latitude est comprise entre -90 et 90.')
			.max(90, 'La latitude est comprise entre -90 et 90.'),
		longitude: z
			.number({ error: 'La longitude doit être un nombre.' })
			.min(-180, 'La longitude est comprise entre -180 et 180.')
			.max(180, 'La longitude est comprise entre -180 et 180.')
	})
	.describe('Coordonnées GPS, pour proposer le lieu le plus proche aux usagers.');

/** The editable fields of a lieu; every field is optional in a PATCH (see LieuPatchSchema). */
export const LieuFieldsSchema = z.object({
	name: z
		.string({ error: 'Le nom est obligatoire.' })
		.trim()
		.min(1, 'Le nom est obligatoire.')
		.max(160, 'Le nom ne doit pas dépasser 160 caractères.')
		.describe('Nom du lieu, par exemple « MDS Arras — site Saint-Pol ».'),
	address: z
		.string({ error: 'L’adresse est obligatoire.' })
		.trim()
		.min(1, 'L’adresse est obligatoire.')
		.max(300, 'L’adresse ne doit pas dépasser 300 caractères.')
		.describe('Adresse sur une ligne : « 8 place du Théâtre, 62000 Arras ».'),
	phone: z
		.string()
		.trim()
		.refine((v) => v === '' || normalizePhone(v) !== null, 'Numéro de téléphone invalide.')
		.optional()
		.describe('Téléphone du lieu ; une chaîne vide le retire.'),
	coordinates: CoordinatesSchema.nullable().optional().describe('null retire les coordonnées.')
});

export const LieuInputSchema = LieuFieldsSchema.strict().describe('Nouveau lieu.');
/**
 * A PATCH may also disable or re-enable the lieu: what the configuration page's « Désactiver » / « Réactiver »
 * do, and the only way out for a lieu in use, which cannot be deleted.
 */
export const LieuPatchSchema = LieuFieldsSchema.partial()
	.extend({
		availability: z
			.enum(['enabled', 'disabled'], { error: 'Disponibilité invalide : enabled ou disabled.' })
			.optional()
			.describe('enabled : proposé ; disabled : désactivé (gardé sur les plages et RDV existants, plus proposé).')
	})
	.strict()
	.describe('Champs du lieu à modifier.');

export type LieuInput = z.input<typeof LieuInputSchema>;
export type LieuPatch = z.input<typeof LieuPatchSchema>;

const byName = (a: LieuDto, b: LieuDto) => a.name.localeCompare(b.name, 'fr');

/** Lieux of the organisation by name; single-use addresses (typed for one RDV) never appear. */
export async function listLieux(
	organisationId: string,
	options: { includeDisabled?: boolean } = {}
): Promise<LieuDto[]> {
	if (!isObjectIdOrHexString(organisationId)) return [];
	const docs = await Lieu.find({ organisationId }).lean();
	return docs
		.filter((l) => l.availability === 'enabled' || (options.includeDisabled && l.availability === 'disabled'))
		.map(toLieuDto)
		.sort(byName);
}

async function findLieu(organisationId: string, lieuId: string): Promise<LieuDoc | null> {
	if (!isObjectIdOrHexString(organisationId) || !isObjectIdOrHexString(lieuId)) return null;
	const doc = await Lieu.findOne({ _id: lieuId, organisationId });
	return doc && doc.availability !== 'single_use' ? doc : null;
}

/** Null when it does not exist or belongs to another organisation. */
export async function getLieu(organisationId: string, lieuId: string): Promise<LieuDto | null> {
	const doc = await findLieu(organisationId, lieuId);
	return doc ? toLieuDto(doc) : null;
}

function requireAdmin(actor: AgentPrincipal, organisationId: string) {
	if (!canAdminOrganisation(actor, organisationId)) {
		throw forbiddenError('Seuls les administrateurs de l’organisation peuvent gérer ses lieux.');
	}
}

async function requireLieu(actor: AgentPrincipal, organisationId: string, lieuId: string): Promise<LieuDoc> {
	requireAdmin(actor, organisationId);
	const doc = await findLieu(organisationId, lieuId);
	if (!doc) throw notFoundError('Lieu introuvable.');
	return doc;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const parsed = schema.safeParse(input);
	if (!parsed.success) throw invalidError(zodFieldErrors(parsed.error));
	return parsed.data;
}

/** Copies parsed fields onto the document; empty phone and null coordinates remove the value. */
function assign(doc: LieuDoc, fields: z.output<typeof LieuPatchSchema>) {
	if (fields.name !== undefined) doc.name = fields.name;
	if (fields.address !== undefined) doc.address = fields.address;
	if (fields.phone !== undefined) doc.set('phone', fields.phone ? normalizePhone(fields.phone)?.e164 : undefined);
	if (fields.coordinates !== undefined) doc.set('coordinates', fields.coordinates ?? undefined);
	if (fields.availability !== undefined) doc.availability = fields.availability;
}

async function save(doc: LieuDoc, actor: AgentPrincipal): Promise<LieuDto> {
	try {
		await doc.save();
	} catch (err) {
		const fields = mongooseFieldErrors(err);
		if (fields) throw invalidError(fields);
		throw err;
	}
	await events.publish('organisation.updated', {
		organisationId: String(doc.organisationId),
		actorAgentId: actor.id,
		subject: { kind: 'lieu', id: String(doc._id) }
	});
	return toLieuDto(doc);
}

export async function createLieu(actor: AgentPrincipal, organisationId: string, input: unknown): Promise<LieuDto> {
	requireAdmin(actor, organisationId);
	const fields = parse(LieuInputSchema, input);
	const doc = new Lieu({ organisationId, availability: 'enabled' });
	assign(doc, fields);
	return save(doc, actor);
}

export async function updateLieu(
	actor: AgentPrincipal,
	organisationId: string,
	lieuId: string,
	patch: unknown
): Promise<LieuDto> {
	const doc = await requireLieu(actor, organisationId, lieuId);
	assign(doc, parse(LieuPatchSchema, patch));
	return save(doc, actor);
}

async function setAvailability(
	actor: AgentPrincipal,
	organisationId: string,
	lieuId: string,
	availability: 'enabled' | 'disabled'
): Promise<LieuDto> {
	const doc = await requireLieu(actor, organisationId, lieuId);
	doc.availability = availability;
	return save(doc, actor);
}

/** A disabled lieu stays on past plages and RDVs but is no longer offered. */
export const disableLieu = (actor: AgentPrincipal, organisationId: string, lieuId: string) =>
	setAvailability(actor, organisationId, lieuId, 'disabled');

export const enableLieu = (actor: AgentPrincipal, organisationId: string, lieuId: string) =>
	setAvailability(actor, organisationId, lieuId, 'enabled');

/** Whether plages (or one of their occurrences) or RDVs point to the lieu: equality queries on its id. */
export async function isLieuUsed(organisationId: string, lieuId: string): Promise<boolean> {
	const [plage, exception, rdv] = await Promise.all([
		PlageOuverture.exists({ organisationId, lieuId }),
		PlageOuverture.exists({ organisationId, 'exceptions.lieuId': lieuId }),
		Rdv.exists({ lieuId })
	]);
	return !!(plage || exception || rdv);
}

export async function deleteLieu(actor: AgentPrincipal, organisationId: string, lieuId: string): Promise<void> {
	const doc = await requireLieu(actor, organisationId, lieuId);
	if (await isLieuUsed(organisationId, lieuId)) {
		throw new ServiceError(
			'conflict',
			`Le lieu « ${doc.name} » est utilisé par des plages d’ouverture ou des RDV : il ne peut pas être supprimé, seulement désactivé.`
		);
	}
	await doc.deleteOne();
	await events.publish('organisation.updated', {
		organisationId,
		actorAgentId: actor.id,
		subject: { kind: 'lieu', id: lieuId }
	});
}
