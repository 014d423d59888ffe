/**
 * The public search against the real database: services, motifs deduplicated across organisations, lieu and
 * organisation cards (distance, next availability, contacts when empty), the 7-day grid and the next slots.
 *
 * World: département 59 (Europe/Paris). CCAS Lille offers « Consultation PMI » at two public lieux (one without
 * coordinates) and a disabled one, « Conseil budget » by phone (Service social), a booking-window motif
 * « Vaccination », and motifs closed to usagers (agents only, prescripteurs only, collective, deleted). MDS
 * Roubaix offers « consultation  PMI » too (same key). MDS Douai offers one motif only from 2028 on.
 * Plages are weekdays from Monday 2027-03-22; 2027-03-29 is Easter Monday.
 */
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { motifKey } from '../../src/lib/domain/public-booking.ts';
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
import {
	listPublicMotifs,
	listPublicOrganisations,
	listPublicPlaces,
	listPublicServices,
	nextPublicSlots,
	publicGrid,
	publicOrganisation,
	resolvePublicMotif
} from '../../src/lib/server/services/public-booking/index.ts';
import { paris } from '../helpers/scheduling-fixture.ts';

const NOW = new Date('2027-03-01T08:00:00Z');
const MONDAY = '2027-03-22';
const id = () => new Types.ObjectId();
const w = {
	territory: id(),
	lille: id(),
	roubaix: id(),
	douai: id(),
	pmi: id(),
	social: id(),
	lieuA1: id(),
	lieuA2: id(),
	lieuA3: id(),
	lieuB1: id(),
	lieuC1: id(),
	consultA: id(),
	consultB: id(),
	budget: id(),
	vaccination: id(),
	agentsOnly: id(),
	prescripteurOnly: id(),
	collective: id(),
	deleted: id(),
	juridique: id(),
	alice: id(),
	bruno: id(),
	chloe: id()
};
const s = (oid: Types.ObjectId) => oid.toHexString();
const CONSULT = motifKey('Consultation PMI', 'public_office');
const BUDGET = motifKey('Conseil budget', 'phone');
const usager = { audience: 'usager' as const };
const dep59 = { departement: '59', ...usager };

beforeAll(async () => {
	const suffix = s(w.alice).slice(-6);
	await Service.create([
		{ _id: w.pmi, name: `PMI ${suffix}`, shortName: 'PMI' },
		{ _id: w.social, name: `Service social ${suffix}`, shortName: 'Social' }
	]);
	await Territory.create({
		_id: w.territory,
		departementNumber: '59',
		name: 'Nord',
		timeZone: 'Europe/Paris',
		serviceIds: [w.pmi, w.social]
	});
	await Organisation.create([
		{ _id: w.lille, territoryId: w.territory, name: 'CCAS Lille', phone: '03 20 00 00 00', email: 'ccas@lille.test' },
		{ _id: w.roubaix, territoryId: w.territory, name: 'MDS Roubaix', website: 'https://roubaix.test' },
		{ _id: w.douai, territoryId: w.territory, name: 'MDS Douai', phone: '03 27 00 00 00' }
	]);
	await Lieu.create([
		{
			_id: w.lieuA1,
			organisationId: w.lille,
			name: 'Lille centre',
			address: '1 place Rihour, 59000 Lille',
			coordinates: { latitude: 50.6365, longitude: 3.0635 }
		},
		{
			_id: w.lieuA2,
			organisationId: w.lille,
			name: 'Lille fermé',
			address: '2 rue X, 59000 Lille',
			availability: 'disabled'
		},
		{ _id: w.lieuA3, organisationId: w.lille, name: 'Lille Fives', address: '3 rue de Fives, 59800 Lille' },
		{
			_id: w.lieuB1,
			organisationId: w.roubaix,
			name: 'Roubaix gare',
			address: '4 rue de la Gare, 59100 Roubaix',
			coordinates: { latitude: 50.6942, longitude: 3.1746 }
		},
		{ _id: w.lieuC1, organisationId: w.douai, name: 'Douai', address: '5 rue de Douai, 59500 Douai' }
	]);
	const motif = (
		_id: Types.ObjectId,
		organisationId: Types.ObjectId,
		name: string,
		extra: {
			serviceId?: Types.ObjectId;
			instructionsBeforeBooking?: string;
			collective?: boolean;
			deletedAt?: Date;
			locationType?: 'phone';
			bookableBy?: 'agents' | 'agents_and_prescripteurs';
			minBookingDelayMinutes?: number;
			maxBookingDelayMinutes?: number;
		} = {}
	) => ({
		_id,
		organisationId,
		serviceId: w.pmi,
		name,
		durationMinutes: 30,
		locationType: 'public_office' as const,
		bookableBy: 'everyone' as const,
		...extra
	});
	await Motif.create([
		motif(w.consultA, w.lille, 'Consultation PMI', { instructionsBeforeBooking: 'Apportez le carnet de santé.' }),
		motif(w.consultB, w.roubaix, 'consultation  PMI'),
		motif(w.budget, w.lille, 'Conseil budget', { serviceId: w.social, locationType: 'phone' }),
		motif(w.vaccination, w.lille, 'Vaccination', {
			minBookingDelayMinutes: 7 * 24 * 60,
			maxBookingDelayMinutes: 14 * 24 * 60
		}),
		motif(w.agentsOnly, w.lille, 'Entretien interne', { bookableBy: 'agents' }),
		motif(w.prescripteurOnly, w.lille, 'Accompagnement RSA', { bookableBy: 'agents_and_prescripteurs' }),
		motif(w.collective, w.lille, 'Atelier collectif', { collective: true }),
		motif(w.deleted, w.lille, 'Ancien motif', { deletedAt: new Date('2027-01-01') }),
		motif(w.juridique, w.douai, 'Permanence juridique')
	]);
	const agent = (_id: Types.ObjectId, firstName: string, orgs: Types.ObjectId[]) => ({
		_id,
		email: `${firstName.toLowerCase()}-${suffix}@example.org`,
		firstName,
		lastName: 'Secret',
		serviceIds: [w.pmi, w.social],
		roles: orgs.map((organisationId) => ({ organisationId, level: 'basic' as const }))
	});
	await Agent.create([
		agent(w.alice, 'Alice', [w.lille]),
		agent(w.bruno, 'Bruno', [w.roubaix]),
		agent(w.chloe, 'Chloé', [w.douai])
	]);
	const weekdays = {
		firstDay: MONDAY,
		recurrence: { every: 'week' as const, interval: 1, weekdays: [1, 2, 3, 4, 5] },
		timeZone: 'Europe/Paris' as const
	};
	await PlageOuverture.create([
		{
			agentId: w.alice,
			organisationId: w.lille,
			title: 'Matin',
			lieuId: w.lieuA1,
			motifIds: [w.consultA, w.budget, w.vaccination, w.agentsOnly, w.prescripteurOnly, w.collective, w.deleted],
			startTime: '09:00',
			endTime: '12:00',
			...weekdays
		},
		{
			agentId: w.alice,
			organisationId: w.lille,
			title: 'Après-midi',
			lieuId: w.lieuA3,
			motifIds: [w.consultA],
			startTime: '14:00',
			endTime: '16:00',
			...weekdays
		},
		{
			agentId: w.alice,
			organisationId: w.lille,
			title: 'Soir (lieu fermé)',
			lieuId: w.lieuA2,
			motifIds: [w.consultA],
			startTime: '17:00',
			endTime: '18:00',
			...weekdays
		},
		{
			agentId: w.bruno,
			organisationId: w.roubaix,
			title: 'Matin',
			lieuId: w.lieuB1,
			motifIds: [w.consultB],
			startTime: '10:00',
			endTime: '12:00',
			...weekdays
		},
		{
			agentId: w.chloe,
			organisationId: w.douai,
			title: 'Plus tard',
			lieuId: w.lieuC1,
			motifIds: [w.juridique],
			startTime: '09:00',
			endTime: '12:00',
			...weekdays,
			firstDay: '2028-01-03'
		}
	]);
});

describe('services and motifs', () => {
	it('lists the services having a motif open to usagers', async () => {
		const services = await listPublicServices(dep59, NOW);
		expect(services.map((x) => x.id).sort()).toEqual([s(w.pmi), s(w.social)].sort());
		expect(await listPublicServices({ departement: '01', ...usager }, NOW)).toEqual([]);
	});

	it('deduplicates motifs by name and type across organisations, leaving closed ones out', async () => {
		const motifs = await listPublicMotifs(dep59, NOW);
		expect(motifs.map((m) => m.key)).toEqual([
			BUDGET,
			CONSULT,
			motifKey('Permanence juridique', 'public_office'),
			motifKey('Vaccination', 'public_office')
		]);
		const consult = motifs.find((m) => m.key === CONSULT)!;
		expect(consult).toMatchObject({
			name: 'Consultation PMI',
			serviceId: s(w.pmi),
			instructionsBeforeBooking: 'Apportez le carnet de santé.'
		});
		expect(consult.organisationIds.sort()).toEqual([s(w.lille), s(w.roubaix)].sort());
		expect(consult.offers).toContainEqual({ organisationId: s(w.roubaix), motifId: s(w.consultB) });
	});

	it('opens prescripteur motifs to prescripteurs only, and filters by service and organisation', async () => {
		const forPrescripteurs = await listPublicMotifs({ departement: '59', audience: 'prescripteur' }, NOW);
		expect(forPrescripteurs.map((m) => m.name)).toContain('Accompagnement RSA');
		expect((await listPublicMotifs(dep59, NOW)).map((m) => m.name)).not.toContain('Accompagnement RSA');
		const social = await listPublicMotifs({ ...dep59, service: s(w.social) }, NOW);
		expect(social.map((m) => m.key)).toEqual([BUDGET]);
		const roubaix = await listPublicMotifs({ organisation: s(w.roubaix), ...usager }, NOW);
		expect(roubaix.map((m) => [m.key, m.organisationIds])).toEqual([[CONSULT, [s(w.roubaix)]]]);
		expect(await listPublicMotifs({ organisation: 'nope', ...usager }, NOW)).toEqual([]);
	});
});

describe('lieu and organisation cards', () => {
	it('sorts lieux by next availability without an address, leaving disabled lieux out', async () => {
		const { places, contacts } = await listPublicPlaces({ ...dep59, motif: CONSULT }, NOW);
		expect(places.map((p) => [p.lieu?.name, p.motifId, p.nextStartsAt])).toEqual([
			['Lille centre', s(w.consultA), paris(MONDAY, '09:00').toISOString()],
			['Roubaix gare', s(w.consultB), paris(MONDAY, '10:00').toISOString()],
			['Lille Fives', s(w.consultA), paris(MONDAY, '14:00').toISOString()]
		]);
		expect(places.every((p) => p.distanceKm === undefined)).toBe(true);
		expect(contacts.map((c) => c.name)).toEqual(['CCAS Lille', 'MDS Roubaix']);
	});

	it('sorts by distance from the usager’s address, lieux without coordinates last', async () => {
		const { places } = await listPublicPlaces({ ...dep59, motif: CONSULT, latitude: 50.69, longitude: 3.17 }, NOW);
		expect(places.map((p) => p.lieu?.name)).toEqual(['Roubaix gare', 'Lille centre', 'Lille Fives']);
		expect(places[0].distanceKm).toBeLessThan(1);
		expect(places[1].distanceKm).toBeGreaterThan(8);
		expect(places[2].distanceKm).toBeUndefined();
	});

	it('shows organisation cards for phone motifs', async () => {
		const { places } = await listPublicPlaces({ ...dep59, motif: BUDGET }, NOW);
		expect(places).toEqual([
			{
				organisation: {
					id: s(w.lille),
					name: 'CCAS Lille',
					slug: 'ccas-lille',
					phone: '03 20 00 00 00',
					email: 'ccas@lille.test'
				},
				motifId: s(w.budget),
				nextStartsAt: paris(MONDAY, '09:00').toISOString()
			}
		]);
	});

	it('says how to reach the organisations when nothing is available', async () => {
		const later = await listPublicPlaces({ ...dep59, motif: motifKey('Permanence juridique', 'public_office') }, NOW);
		expect(later.places.map((p) => [p.lieu?.name, p.nextStartsAt])).toEqual([['Douai', null]]);
		expect(later.contacts).toEqual([{ id: s(w.douai), name: 'MDS Douai', slug: 'mds-douai', phone: '03 27 00 00 00' }]);
		const none = await listPublicPlaces({ ...dep59, motif: motifKey('Inconnu', 'visio') }, NOW);
		expect(none.places).toEqual([]);
		expect(none.contacts.map((c) => c.name)).toEqual(['CCAS Lille', 'MDS Douai', 'MDS Roubaix']);
		expect((await listPublicOrganisations({ departement: '59' }, NOW)).length).toBe(3);
	});

	it('respects the booking window of the motif', async () => {
		// Saturday 20 March: the window opens a week later (Saturday 27); Monday 29 is Easter Monday.
		const now = new Date('2027-03-20T08:00:00Z');
		const { places } = await listPublicPlaces({ ...dep59, motif: motifKey('Vaccination', 'public_office') }, now);
		expect(places.map((p) => p.nextStartsAt)).toEqual([paris('2027-03-30', '09:00').toISOString()]);
	});
});

describe('the grid', () => {
	const grid = (extra: Partial<Parameters<typeof publicGrid>[0]> = {}) =>
		publicGrid({
			organisationId: s(w.lille),
			motifId: s(w.consultA),
			lieuId: s(w.lieuA1),
			from: MONDAY,
			audience: 'usager',
			now: NOW,
			...extra
		});

	it('gives 7 days of one slot per time, with the previous and next weeks', async () => {
		const g = (await grid())!;
		expect(g.from).toBe(MONDAY);
		expect(g.to).toBe('2027-03-29');
		expect(g.days.map((d) => d.day)).toEqual([
			'2027-03-22',
			'2027-03-23',
			'2027-03-24',
			'2027-03-25',
			'2027-03-26',
			'2027-03-27',
			'2027-03-28'
		]);
		expect(g.days[0].slots.map((x) => x.time)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
		expect(g.days[0].slots[0].startsAt).toBe(paris(MONDAY, '09:00').toISOString());
		expect(g.days[5].slots).toEqual([]);
		expect(g.previousFrom).toBe('2027-03-15');
		expect(g.nextFrom).toBe('2027-03-29');
		expect(g.nextAvailability).toBeUndefined();
		const next = (await grid({ from: g.nextFrom }))!;
		expect(next.days[0]).toMatchObject({ day: '2027-03-29', slots: [], holiday: 'Lundi de Pâques' });
		const afternoon = (await grid({ lieuId: s(w.lieuA3) }))!;
		expect(afternoon.days[0].slots.map((x) => x.time)).toEqual(['14:00', '14:30', '15:00', '15:30']);
	});

	it('starts at today at the earliest, without a previous week then', async () => {
		const g = (await grid({ from: '2027-02-01' }))!;
		expect(g.from).toBe('2027-03-01');
		expect(g.previousFrom).toBeUndefined();
		const soon = (await grid({ from: '2027-03-04' }))!;
		expect(soon.previousFrom).toBe('2027-03-01');
	});

	it('points to the next availability when the week is empty', async () => {
		const g = (await grid({ from: '2027-03-08' }))!;
		expect(g.days.every((d) => d.slots.length === 0)).toBe(true);
		expect(g.nextAvailability).toEqual({
			day: MONDAY,
			time: '09:00',
			startsAt: paris(MONDAY, '09:00').toISOString()
		});
		expect(g.emptyMessage).toBe('Aucun créneau disponible cette semaine.');
	});

	it('stays within the booking window', async () => {
		const now = new Date('2027-03-20T08:00:00Z');
		const vaccination = { motifId: s(w.vaccination), now };
		const first = (await grid({ ...vaccination, from: MONDAY }))!;
		expect(first.days.flatMap((d) => d.slots)).toEqual([]);
		expect(first.nextAvailability?.startsAt).toBe(paris('2027-03-30', '09:00').toISOString());
		// The window opens on Saturday 27: no previous week from there, one (from today) a day later.
		expect((await grid({ ...vaccination, from: '2027-03-27' }))!.previousFrom).toBeUndefined();
		expect((await grid({ ...vaccination, from: '2027-03-28' }))!.previousFrom).toBe('2027-03-21');
		expect((await grid({ from: '2027-03-27', now }))!.previousFrom).toBe('2027-03-20');
		const inside = (await grid({ ...vaccination, from: '2027-03-29' }))!;
		expect(inside.days.filter((d) => d.slots.length > 0).map((d) => d.day)).toEqual([
			'2027-03-30',
			'2027-03-31',
			'2027-04-01',
			'2027-04-02'
		]);
		// The window closes on 3 April at 10:00 (UTC+2): nothing after.
		const after = (await grid({ ...vaccination, from: '2027-04-05' }))!;
		expect(after.nextAvailability).toBeUndefined();
		expect(after.emptyMessage).toMatch(/six prochains mois/);
	});

	it('answers null for motifs and lieux the audience may not use', async () => {
		expect(await grid({ motifId: s(w.agentsOnly) })).toBeNull();
		expect(await grid({ motifId: s(w.collective) })).toBeNull();
		expect(await grid({ motifId: s(w.deleted) })).toBeNull();
		expect(await grid({ motifId: s(w.prescripteurOnly) })).toBeNull();
		expect(await grid({ motifId: s(w.prescripteurOnly), audience: 'prescripteur' })).not.toBeNull();
		expect(await grid({ motifId: s(w.consultB) })).toBeNull();
		expect(await grid({ lieuId: s(w.lieuA2) })).toBeNull();
		expect(await grid({ lieuId: s(w.lieuB1) })).toBeNull();
		expect(await grid({ organisationId: 'x' })).toBeNull();
		await expect(grid({ from: '2027-02-30' })).rejects.toThrow(/Date impossible/);
	});

	it('leaves a booked time out, and offers the next free slots after it', async () => {
		const u = await Usager.create({ firstName: 'Paul', lastName: 'Public', profiles: [{ organisationId: w.lille }] });
		const agent = await loadSessionAgent(s(w.alice));
		const booked = await bookRdv(
			{
				organisationId: s(w.lille),
				motifId: s(w.consultA),
				startsAt: paris('2027-03-23', '09:30'),
				lieuId: s(w.lieuA1),
				agentIds: [s(w.alice)],
				usagerIds: [String(u._id)],
				confirm: true
			},
			{ kind: 'agent', agent: agent! },
			NOW
		);
		expect(booked.ok).toBe(true);
		const g = (await grid({ fresh: true }))!;
		expect(g.days[1].slots.map((x) => x.time)).toEqual(['09:00', '10:00', '10:30', '11:00', '11:30']);
		const next = await nextPublicSlots({
			organisationId: s(w.lille),
			motifId: s(w.consultA),
			lieuId: s(w.lieuA1),
			after: paris('2027-03-23', '09:00'),
			audience: 'usager',
			now: NOW,
			count: 3
		});
		expect(next?.map((x) => x.startsAt)).toEqual(
			['10:00', '10:30', '11:00'].map((t) => paris('2027-03-23', t).toISOString())
		);
		// Friday's last slot: the next ones are after the weekend and Easter Monday.
		const across = await nextPublicSlots({
			organisationId: s(w.lille),
			motifId: s(w.consultA),
			lieuId: s(w.lieuA1),
			after: paris('2027-03-26', '11:30'),
			audience: 'usager',
			now: NOW,
			count: 2
		});
		expect(across?.map((x) => x.startsAt)).toEqual(['09:00', '09:30'].map((t) => paris('2027-03-30', t).toISOString()));
	});

	it('shows a plage change at once, cached or not', async () => {
		expect((await grid())!.days[5].slots).toEqual([]);
		await PlageOuverture.create({
			agentId: w.alice,
			organisationId: w.lille,
			title: 'Samedi exceptionnel',
			lieuId: w.lieuA1,
			motifIds: [w.consultA],
			firstDay: '2027-03-27',
			startTime: '10:00',
			endTime: '11:00',
			timeZone: 'Europe/Paris'
		});
		expect((await grid())!.days[5].slots.map((x) => x.time)).toEqual(['10:00', '10:30']);
	});

	it('never carries agents or usagers', async () => {
		const answers = JSON.stringify([
			await grid(),
			await listPublicPlaces({ ...dep59, motif: CONSULT }, NOW),
			await listPublicMotifs(dep59, NOW)
		]);
		expect(answers).not.toMatch(/Alice|Bruno|Secret|example\.org|Paul|agentId/);
	});
});

describe('organisations and motif resolution', () => {
	it('gives an organisation’s public card and département', async () => {
		expect(await publicOrganisation(s(w.roubaix))).toEqual({
			id: s(w.roubaix),
			name: 'MDS Roubaix',
			slug: 'mds-roubaix',
			website: 'https://roubaix.test',
			departement: '59'
		});
		expect(await publicOrganisation(s(id()))).toBeNull();
		expect(await publicOrganisation('42')).toBeNull();
	});

	it('turns a motif key into the concrete motif of an organisation or lieu', async () => {
		const resolve = (extra: Partial<Parameters<typeof resolvePublicMotif>[0]>) =>
			resolvePublicMotif({ motifKey: CONSULT, audience: 'usager', now: NOW, ...extra });
		expect(await resolve({ organisationId: s(w.roubaix) })).toBe(s(w.consultB));
		expect(await resolve({ lieuId: s(w.lieuA3) })).toBe(s(w.consultA));
		expect(await resolve({ organisationId: s(w.lille), lieuId: s(w.lieuB1) })).toBeNull();
		expect(await resolve({ lieuId: s(w.lieuA2) })).toBeNull();
		expect(await resolve({})).toBeNull();
		expect(await resolve({ organisationId: s(w.douai) })).toBeNull();
		const rsa = motifKey('Accompagnement RSA', 'public_office');
		expect(await resolve({ motifKey: rsa, organisationId: s(w.lille) })).toBeNull();
		expect(await resolve({ motifKey: rsa, organisationId: s(w.lille), audience: 'prescripteur' })).toBe(
			s(w.prescripteurOnly)
		);
		expect(await resolve({ motifKey: BUDGET, organisationId: s(w.lille) })).toBe(s(w.budget));
	});
});
