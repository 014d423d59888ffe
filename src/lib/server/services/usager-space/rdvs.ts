/**
 * The usager space's RDVs: those of the signed-in usager and of the relatives they are responsible for, upcoming
 * and past, with what the usager may do with each (domain/usager-rdv-rules.ts, the same rules the booking
 * service enforces). Only the usager's own people are named: a collective session's other participants never.
 */
import { isObjectIdOrHexString, type Types } from 'mongoose';
import { formatDay, formatTimeFr } from '../../../domain/creneaux-grid.ts';
import { localDay, localTime } from '../../../domain/local-time.ts';
import { LOCATION_TYPE_LABELS } from '../../../domain/motif-options.ts';
import type { LocationType, RdvStatus } from '../../../domain/types.ts';
import { usagerRdvActions, usagerRuleInput, usagerStatusLabel } from '../../../domain/usager-rdv-rules.ts';
import { Lieu } from '../../db/models/lieu.ts';
import { Motif } from '../../db/models/motif.ts';
import { Organisation } from '../../db/models/organisation.ts';
import { Rdv } from '../../db/models/rdv.ts';
import { Usager } from '../../db/models/usager.ts';
import type { UsagerRdvLists, UsagerSpacePerson, UsagerSpaceRdv } from '../../../domain/usager-space.ts';

export type { UsagerRdvLists, UsagerSpacePerson, UsagerSpaceRdv };

/** An usager online may have no names yet (they are asked at « Vos informations »). */
export function personName(u: { firstName?: string | null; lastName?: string | null }): string {
	const name = [u.firstName, u.lastName].filter(Boolean).join(' ').trim();
	return name || '(nom non renseigné)';
}

/** The usager and the relatives they are responsible for (deleted ones left out). */
export async function usagerPeople(usagerId: string): Promise<UsagerSpacePerson[]> {
	if (!isObjectIdOrHexString(usagerId)) return [];
	const fields = { firstName: 1, lastName: 1, deletedAt: 1 };
	const [self, relatives] = await Promise.all([
		Usager.findById(usagerId, fields).lean(),
		Usager.find({ responsibleId: usagerId }, fields).lean()
	]);
	if (!self || self.deletedAt) return [];
	return [
		{ id: String(self._id), name: personName(self), self: true },
		...relatives
			.filter((r) => !r.deletedAt)
			.map((r) => ({ id: String(r._id), name: personName(r), self: false }))
			.sort((a, b) => a.name.localeCompare(b.name, 'fr'))
	];
}

type RdvLean = Awaited<ReturnType<typeof loadRdvsOf>>[number];

const RDV_FIELDS = {
	startsAt: 1,
	endsAt: 1,
	durationMinutes: 1,
	timeZone: 1,
	organisationId: 1,
	motifId: 1,
	lieuId: 1,
	singleUseAddress: 1,
	status: 1,
	collective: 1,
	createdBy: 1,
	usagerIds: 1,
	version: 1
} as const;

/** One equality per person (`usagerIds` contains): never a scan of the RDVs. */
function loadRdvsOf(usagerId: string) {
	return Rdv.find({ usagerIds: usagerId }, RDV_FIELDS).lean();
}

/** The settings an RDV's card needs, read once per distinct id (a handful per usager). */
async function byIds<T>(ids: Iterable<string>, read: (id: string) => Promise<T | null>): Promise<Map<string, T>> {
	const unique = [...new Set(ids)];
	const values = await Promise.all(unique.map(read));
	const map = new Map<string, T>();
	unique.forEach((id, i) => {
		const v = values[i];
		if (v) map.set(id, v);
	});
	return map;
}

async function toCards(rdvs: RdvLean[], people: UsagerSpacePerson[], now: Date): Promise<UsagerSpaceRdv[]> {
	const [motifs, lieux, organisations] = await Promise.all([
		byIds(
			rdvs.map((r) => String(r.motifId)),
			(id) =>
				Motif.findById(id, {
					name: 1,
					locationType: 1,
					instructionsAfterBooking: 1,
					customCancelWarning: 1,
					rdvsCancellableByUser: 1,
					rdvsEditableByUser: 1,
					bookableBy: 1,
					deletedAt: 1
				}).lean()
		),
		byIds(
			rdvs.flatMap((r) => (r.lieuId ? [String(r.lieuId)] : [])),
			(id) => Lieu.findById(id, { name: 1, address: 1 }).lean()
		),
		byIds(
			rdvs.map((r) => String(r.organisationId)),
			(id) => Organisation.findById(id, { name: 1, phone: 1, email: 1, website: 1 }).lean()
		)
	]);
	const cards: UsagerSpaceRdv[] = [];
	for (const r of rdvs) {
		const motif = motifs.get(String(r.motifId));
		const organisation = organisations.get(String(r.organisationId));
		if (!motif || !organisation) continue;
		const lieu = r.lieuId ? lieux.get(String(r.lieuId)) : undefined;
		const ids = new Set(r.usagerIds.map((id: Types.ObjectId) => String(id)));
		const status = r.status as RdvStatus;
		const rule = usagerRuleInput(r, motif, organisation);
		const locationType = motif.locationType as LocationType;
		cards.push({
			id: String(r._id),
			startsAt: r.startsAt.toISOString(),
			endsAt: r.endsAt.toISOString(),
			timeZone: r.timeZone,
			dayLabel: formatDay(localDay(r.startsAt, r.timeZone)),
			timeLabel: formatTimeFr(localTime(r.startsAt, r.timeZone)),
			durationMinutes: r.durationMinutes ?? Math.round((r.endsAt.getTime() - r.startsAt.getTime()) / 60_000),
			people: people.filter((p) => ids.has(p.id)),
			motif: {
				id: String(motif._id),
				name: motif.name,
				locationType,
				locationLabel: LOCATION_TYPE_LABELS[locationType],
				instructionsAfterBooking: motif.instructionsAfterBooking ?? undefined,
				customCancelWarning: motif.customCancelWarning ?? undefined
			},
			lieu: lieu ? { id: String(lieu._id), name: lieu.name, address: lieu.address } : undefined,
			singleUseAddress: r.singleUseAddress ?? undefined,
			organisation: {
				id: String(organisation._id),
				name: organisation.name,
				phone: organisation.phone ?? undefined,
				email: organisation.email ?? undefined,
				website: organisation.website ?? undefined
			},
			status,
			statusLabel: usagerStatusLabel(status, r.startsAt, now),
			upcoming: r.startsAt.getTime() > now.getTime(),
			collective: r.collective ?? false,
			actions: usagerRdvActions(rule, now),
			version: r.version ?? 0
		});
	}
	return cards;
}

/** The RDVs of the usager and their relatives: upcoming soonest first, past latest first. */
export async function listUsagerRdvs(usagerId: string, now = new Date()): Promise<UsagerRdvLists> {
	const people = await usagerPeople(usagerId);
	const lists = await Promise.all(people.map((p) => loadRdvsOf(p.id)));
	// An RDV of the usager with a relative appears once.
	const unique = new Map<string, RdvLean>();
	for (const r of lists.flat()) unique.set(String(r._id), r);
	const cards = await toCards([...unique.values()], people, now);
	const upcoming = cards.filter((c) => c.upcoming).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
	const past = cards.filter((c) => !c.upcoming).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
	return { people, upcoming, past };
}

/** One RDV of the usager or of a relative; null for anything else (answered 404 like an unknown id). */
export async function getUsagerRdv(usagerId: string, rdvId: string, now = new Date()): Promise<UsagerSpaceRdv | null> {
	if (!isObjectIdOrHexString(rdvId)) return null;
	const [people, rdv] = await Promise.all([usagerPeople(usagerId), Rdv.findById(rdvId, RDV_FIELDS).lean()]);
	if (!rdv) return null;
	const ids = new Set(rdv.usagerIds.map(String));
	if (!people.some((p) => ids.has(p.id))) return null;
	const [card] = await toCards([rdv], people, now);
	return card ?? null;
}
