/**
 * A small scheduling world for the créneaux, booking and API tests: territory 62 (Europe/Paris), MDS Arras and
 * MDS Lens, a PMI motif in each, agent "alice" (PMI, both organisations) with weekday plages 09:00–12:00 in
 * Arras from Monday 2027-03-22, a colleague "bob" (PMI, no plage), "carla" (Service social) and one usager.
 * 2027-03-28 is a DST change and 2027-03-29 Easter Monday.
 *
 * The booking rules compare an usager's RDVs with each other (identical RDV, same motif the same day, back to
 * back in another lieu): tests that book the same time or day several times give each booking its own usager
 * (`createFixtureUsager`), unless those rules are what they test.
 */
import { Types } from 'mongoose';
import {
	Agent,
	Lieu,
	Motif,
	Organisation,
	PlageOuverture,
	Service,
	Territory,
	Usager
} from '../../src/lib/server/db/models/index.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { bookRdv } from '../../src/lib/server/services/booking/index.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { toInstant } from '../../src/lib/domain/local-time.ts';

export const FIRST_MONDAY = '2027-03-22';
/** A "now" well before the plages, inside the motifs' booking window for usagers (90 days). */
export const NOW = new Date('2027-03-01T08:00:00Z');

export interface SchedulingFixture {
	territoryId: string;
	arras: string;
	lens: string;
	pmi: string;
	social: string;
	lieu: string;
	lensLieu: string;
	motif: string;
	lensMotif: string;
	alice: string;
	bob: string;
	carla: string;
	dora: string;
	usager: string;
	plage: string;
	agents: { alice: SessionAgent; bob: SessionAgent; carla: SessionAgent };
}

export async function createSchedulingFixture(options: { departement?: string } = {}): Promise<SchedulingFixture> {
	const id = () => new Types.ObjectId();
	const ids = {
		territoryId: id(),
		arras: id(),
		lens: id(),
		pmi: id(),
		social: id(),
		lieu: id(),
		lensLieu: id(),
		motif: id(),
		lensMotif: id(),
		alice: id(),
		bob: id(),
		carla: id(),
		dora: id(),
		usager: id(),
		plage: id()
	};
	const suffix = ids.alice.toHexString().slice(-6);
	await Service.create([
		{ _id: ids.pmi, name: `PMI ${suffix}`, shortName: 'PMI' },
		{ _id: ids.social, name: `Service social ${suffix}`, shortName: 'Social' }
	]);
	await Territory.create({
		_id: ids.territoryId,
		departementNumber: options.departement ?? '62',
		name: 'Pas-de-Calais',
		timeZone: 'Europe/Paris',
		serviceIds: [ids.pmi, ids.social]
	});
	await Organisation.create([
		{ _id: ids.arras, territoryId: ids.territoryId, name: 'MDS Arras' },
		{ _id: ids.lens, territoryId: ids.territoryId, name: 'MDS Lens' }
	]);
	await Lieu.create([
		{ _id: ids.lieu, organisationId: ids.arras, name: 'MDS Arras centre', address: '1 rue du Centre, 62000 Arras' },
		{ _id: ids.lensLieu, organisationId: ids.lens, name: 'MDS Lens', address: '2 rue de Lens, 62300 Lens' }
	]);
	const motif = {
		serviceId: ids.pmi,
		name: 'Consultation PMI',
		durationMinutes: 30,
		locationType: 'public_office' as const,
		bookableBy: 'everyone' as const
	};
	await Motif.create([
		{ _id: ids.motif, organisationId: ids.arras, ...motif },
		{ _id: ids.lensMotif, organisationId: ids.lens, ...motif, bookableBy: 'agents_and_prescripteurs' as const }
	]);
	/** A basic agent of one service in these organisations; its e-mail is unique to this fixture. */
	const agent = (
		_id: Types.ObjectId,
		firstName: string,
		lastName: string,
		serviceId: Types.ObjectId,
		orgs: Types.ObjectId[]
	) => ({
		_id,
		email: `${firstName.toLowerCase()}-${suffix}@example.org`,
		firstName,
		lastName,
		serviceIds: [serviceId],
		roles: orgs.map((organisationId) => ({ organisationId, level: 'basic' as const }))
	});
	await Agent.create([
		agent(ids.alice, 'Alice', 'Martin', ids.pmi, [ids.arras, ids.lens]),
		agent(ids.bob, 'Bob', 'Durand', ids.pmi, [ids.arras]),
		agent(ids.carla, 'Carla', 'Petit', ids.social, [ids.arras]),
		agent(ids.dora, 'Dora', 'Leroy', ids.pmi, [ids.lens])
	]);
	await Usager.create({
		_id: ids.usager,
		firstName: 'Paul',
		lastName: 'Usager',
		profiles: [{ organisationId: ids.arras }]
	});
	const everyWeekday = {
		firstDay: FIRST_MONDAY,
		recurrence: { every: 'week' as const, interval: 1, weekdays: [1, 2, 3, 4, 5] },
		timeZone: 'Europe/Paris' as const
	};
	await PlageOuverture.create([
		{
			_id: ids.plage,
			agentId: ids.alice,
			organisationId: ids.arras,
			title: 'Permanence PMI',
			lieuId: ids.lieu,
			motifIds: [ids.motif],
			startTime: '09:00',
			endTime: '12:00',
			...everyWeekday
		},
		{
			agentId: ids.dora,
			organisationId: ids.lens,
			title: 'Permanence Lens',
			lieuId: ids.lensLieu,
			motifIds: [ids.lensMotif],
			startTime: '14:00',
			endTime: '16:00',
			...everyWeekday
		}
	]);
	const session = async (agentId: Types.ObjectId) => {
		const a = await loadSessionAgent(String(agentId));
		if (!a) throw new Error('fixture agent without principal');
		return a;
	};
	const str = Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, v.toHexString()])) as Record<
		keyof typeof ids,
		string
	>;
	return {
		...str,
		agents: { alice: await session(ids.alice), bob: await session(ids.bob), carla: await session(ids.carla) }
	};
}

/** A local wall-clock time in Paris as an instant. */
export const paris = (day: string, time: string): Date => toInstant(day, time, 'Europe/Paris');

/** Another usager of MDS Arras (and of Lens with `lens`), for bookings that must not meet the first one's RDVs. */
export async function createFixtureUsager(
	f: Pick<SchedulingFixture, 'arras' | 'lens'>,
	options: { firstName?: string; lens?: boolean } = {}
): Promise<string> {
	const usager = await Usager.create({
		firstName: options.firstName ?? 'Autre',
		lastName: 'Usager',
		profiles: [{ organisationId: f.arras }, ...(options.lens ? [{ organisationId: f.lens }] : [])]
	});
	return String(usager._id);
}

/** `count` usagers of MDS Arras, one per concurrent booking. */
export async function createFixtureUsagers(f: Pick<SchedulingFixture, 'arras' | 'lens'>, count: number) {
	return Promise.all(Array.from({ length: count }, (_, i) => createFixtureUsager(f, { firstName: `Usager ${i + 1}` })));
}

/**
 * Books, as Alice, a confirmed RDV of the fixture motif at MDS Arras's lieu: with Alice unless other agents are
 * given, at `now` (the real time by default). Throws on a refusal: for tests whose RDV is a setup, not a subject.
 */
export async function bookFixtureRdv(
	f: SchedulingFixture,
	day: string,
	time: string,
	options: { usagerIds: string[]; agentIds?: string[]; now?: Date }
) {
	const result = await bookRdv(
		{
			organisationId: f.arras,
			motifId: f.motif,
			startsAt: paris(day, time),
			lieuId: f.lieu,
			agentIds: options.agentIds ?? [f.alice],
			usagerIds: options.usagerIds,
			confirm: true
		},
		{ kind: 'agent', agent: f.agents.alice },
		options.now
	);
	if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
	return result.rdv;
}
