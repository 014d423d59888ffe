/**
 * One usager as an organisation sees it (its page), its edition, its referent agents there, and its relatives.
 * Every read selects by id and checks the organisation: an usager without a profile in it answers like an
 * unknown one (null), whatever the caller — the routes then answer 404.
 */
import { isObjectIdOrHexString, Types } from 'mongoose';
import type { UsagerDto, UsagerRecordDto } from '../../../domain/dto.ts';
import { Agent } from '../../db/models/agent.ts';
import { Usager, type UsagerFields } from '../../db/models/usager.ts';
import { toUsagerDto, type Lean } from '../mappers.ts';
import {
	EMAIL_TAKEN,
	fieldErrors,
	saveUsagerDocument,
	usagerDocumentFields,
	usagerFieldsSchema,
	type UsagerFieldsInput
} from './fields.ts';

type UsagerRow = Lean<UsagerFields>;

const inOrganisation = (u: Pick<UsagerRow, 'organisationIds' | 'deletedAt'>, organisationId: string) =>
	!u.deletedAt && u.organisationIds.some((id) => String(id) === organisationId);

async function findOrganisationRow(organisationId: string, usagerId: string): Promise<UsagerRow | null> {
	if (!isObjectIdOrHexString(organisationId) || !isObjectIdOrHexString(usagerId)) return null;
	const u = await Usager.findById(usagerId).lean<UsagerRow>();
	return u && inOrganisation(u, organisationId) ? u : null;
}

/** One usager of the organisation (null when unknown or not a member there). */
export async function getOrganisationUsager(organisationId: string, usagerId: string): Promise<UsagerDto | null> {
	const u = await findOrganisationRow(organisationId, usagerId);
	return u ? toUsagerDto(u) : null;
}

/** Agents of the organisation, by id (each read by its own `_id` equality); others are dropped. */
async function organisationAgents(organisationId: string, ids: readonly unknown[]) {
	const found = await Promise.all(
		[...new Set(ids.map(String))].map((id) =>
			Agent.findById(id, { firstName: 1, lastName: 1, organisationIds: 1, deletedAt: 1 }).lean()
		)
	);
	return found
		.filter((a) => !!a && !a.deletedAt && a.organisationIds.some((o) => String(o) === organisationId))
		.map((a) => ({ id: String(a!._id), firstName: a!.firstName, lastName: a!.lastName }))
		.sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr'));
}

/** Relatives of this usager that belong to the organisation, alphabetically. */
export async function listRelatives(organisationId: string, usagerId: string): Promise<UsagerDto[] | null> {
	const u = await findOrganisationRow(organisationId, usagerId);
	if (!u) return null;
	return relativesOf(organisationId, u._id as Types.ObjectId);
}

async function relativesOf(organisationId: string, id: Types.ObjectId): Promise<UsagerDto[]> {
	const rows = await Usager.find({ responsibleId: id, deletedAt: { $exists: false } }).lean<UsagerRow[]>();
	return rows
		.filter((r) => inOrganisation(r, organisationId))
		.sort((a, b) => (a.sortName ?? '').localeCompare(b.sortName ?? ''))
		.map(toUsagerDto);
}

/** The usager's page: identity, contact, address, preferences, this organisation's notes, referents, family. */
export async function getUsagerRecord(organisationId: string, usagerId: string): Promise<UsagerRecordDto | null> {
	const u = await findOrganisationRow(organisationId, usagerId);
	if (!u) return null;
	const profile = u.profiles.find((p) => String(p.organisationId) === organisationId);
	const [referents, relatives, responsible] = await Promise.all([
		organisationAgents(organisationId, profile?.referentAgentIds ?? []),
		relativesOf(organisationId, u._id as Types.ObjectId),
		u.responsibleId ? getOrganisationUsager(organisationId, String(u.responsibleId)) : null
	]);
	const address = u.address && (u.address.street || u.address.postcode || u.address.city) ? u.address : undefined;
	return {
		...toUsagerDto(u),
		address: address
			? {
					street: address.street ?? undefined,
					postcode: address.postcode ?? undefined,
					city: address.city ?? undefined
				}
			: undefined,
		notes: profile?.notes ?? undefined,
		caseNumber: u.caseNumber ?? undefined,
		familySituation: u.familySituation ?? undefined,
		numberOfChildren: u.numberOfChildren ?? undefined,
		notifyBySms: u.notifyBySms ?? true,
		notifyByEmail: u.notifyByEmail ?? true,
		referents,
		responsible: responsible ?? undefined,
		relatives
	};
}

export type UpdateUsagerResult =
	| { ok: true; usager: UsagerRecordDto }
	| { ok: false; kind: 'not_found' }
	| { ok: false; kind: 'invalid'; errors: Record<string, string> };

/**
 * Replaces the usager's typed fields (those absent are cleared, as a form sends them all). Saved through the
 * document, so the model recomputes its phone, search keys and list bucket.
 */
export async function updateUsager(
	organisationId: string,
	usagerId: string,
	input: UsagerFieldsInput
): Promise<UpdateUsagerResult> {
	if (!(await findOrganisationRow(organisationId, usagerId))) return { ok: false, kind: 'not_found' };
	const parsed = usagerFieldsSchema.safeParse(input);
	if (!parsed.success) return { ok: false, kind: 'invalid', errors: fieldErrors(parsed.error) };
	const f = parsed.data;
	const doc = await Usager.findById(usagerId);
	if (!doc) return { ok: false, kind: 'not_found' };
	if (f.email && f.email !== doc.email && (await Usager.exists({ email: f.email })))
		return { ok: false, kind: 'invalid', errors: { email: EMAIL_TAKEN } };
	doc.set(usagerDocumentFields(f));
	const profile = doc.profiles.find((p) => String(p.organisationId) === organisationId);
	if (profile) profile.notes = f.notes;
	const refused = await saveUsagerDocument(doc);
	if (refused) return refused;
	const usager = await getUsagerRecord(organisationId, usagerId);
	return usager ? { ok: true, usager } : { ok: false, kind: 'not_found' };
}

export type ReferentResult =
	| { ok: true; usager: UsagerRecordDto }
	| { ok: false; kind: 'not_found' }
	| { ok: false; kind: 'invalid'; errors: Record<string, string> };

/** Adds or removes a referent agent (a member of the organisation) on the usager's profile there. */
export async function setReferent(
	organisationId: string,
	usagerId: string,
	agentId: string,
	referent: boolean
): Promise<ReferentResult> {
	if (!(await findOrganisationRow(organisationId, usagerId))) return { ok: false, kind: 'not_found' };
	const [agent] = isObjectIdOrHexString(agentId) ? await organisationAgents(organisationId, [agentId]) : [];
	if (!agent) return { ok: false, kind: 'invalid', errors: { agentId: 'Choisissez un agent de l’organisation.' } };
	const doc = await Usager.findById(usagerId);
	const profile = doc?.profiles.find((p) => String(p.organisationId) === organisationId);
	if (!doc || !profile) return { ok: false, kind: 'not_found' };
	const others = profile.referentAgentIds.filter((id) => String(id) !== agentId);
	profile.referentAgentIds = referent ? [...others, new Types.ObjectId(agentId)] : others;
	await doc.save();
	const usager = await getUsagerRecord(organisationId, usagerId);
	return usager ? { ok: true, usager } : { ok: false, kind: 'not_found' };
}
