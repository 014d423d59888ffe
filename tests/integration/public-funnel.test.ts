/**
 * The booking funnel's pages (`/prendre-rdv`, `/org/{id}/{slug}`) against the real database: which step an
 * address shows, the redirects (one service, one address found, a slot without « à lire avant » text, an
 * organisation's link), and forged or stale parameters answered by an empty step, never an error.
 *
 * World: Somme (80). CCAS Amiens offers « Consultation PMI » (PMI, at a lieu, with an « à lire avant » text) and
 * « Conseil budget » (Service social, by phone). MDS Abbeville offers « Permanence juridique » (PMI only). Plages
 * every day from today, so the next week always has slots. The geocoder points at a local fake BAN.
 */
import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../src/lib/domain/local-time.ts';
import { motifKey } from '../../src/lib/domain/public-booking.ts';
import type { SessionUsager } from '../../src/lib/domain/types.ts';
import {
	Agent,
	Lieu,
	Motif,
	Organisation,
	PlageOuverture,
	Service,
	Territory
} from '../../src/lib/server/db/models/index.ts';
import { load as funnelLoad } from '../../src/routes/(public)/prendre-rdv/+page.server.ts';
import { load as orgLinkLoad } from '../../src/routes/(public)/org/[id]/[[slug]]/+page.server.ts';
import { startFakeGeocoder, type FakeGeocoder } from '../helpers/fake-geocoder.ts';
import { requestEvent } from '../helpers/request-event.ts';

const id = () => new Types.ObjectId();
const w = {
	territory: id(),
	amiens: id(),
	abbeville: id(),
	pmi: id(),
	social: id(),
	lieu: id(),
	lieuAbbeville: id(),
	consult: id(),
	budget: id(),
	juridique: id(),
	alice: id(),
	bruno: id()
};
const s = (oid: Types.ObjectId) => oid.toHexString();
const CONSULT = motifKey('Consultation PMI', 'public_office');
const BUDGET = motifKey('Conseil budget', 'phone');
const BEFORE = 'Apportez le carnet de santé.';

type Outcome = { data: any } | { redirect: string } | { status: number }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Runs a load with a constructed event (an usager session when given): its data, or the redirect / error thrown. */
async function run(
	fn: (event: RequestEvent) => unknown,
	path: string,
	init: { params?: Record<string, string>; usager?: SessionUsager } = {}
): Promise<Outcome> {
	const event = requestEvent({ path, params: init.params });
	if (init.usager) event.locals.usager = init.usager;
	try {
		return { data: await fn(event) };
	} catch (thrown) {
		if (isRedirect(thrown)) return { redirect: thrown.location };
		if (isHttpError(thrown)) return { status: thrown.status };
		throw thrown;
	}
}
const funnel = (query: string, init?: { usager?: SessionUsager }) =>
	run(funnelLoad as never, `/prendre-rdv${query}`, init);
const data = (o: Outcome) => {
	if (!('data' in o)) throw new Error(`expected data, got ${JSON.stringify(o)}`);
	return o.data;
};

let geocoder: FakeGeocoder;
let previousGeocoderUrl: string | undefined;

beforeAll(async () => {
	geocoder = await startFakeGeocoder();
	previousGeocoderUrl = process.env.GEOCODER_URL;
	process.env.GEOCODER_URL = geocoder.url;

	await Service.create([
		{ _id: w.pmi, name: 'PMI', shortName: 'PMI' },
		{ _id: w.social, name: 'Service social', shortName: 'Social' }
	]);
	await Territory.create({
		_id: w.territory,
		departementNumber: '80',
		name: 'Somme',
		timeZone: 'Europe/Paris',
		serviceIds: [w.pmi, w.social]
	});
	await Organisation.create([
		{ _id: w.amiens, territoryId: w.territory, name: 'CCAS Amiens', phone: '03 22 00 00 00' },
		{ _id: w.abbeville, territoryId: w.territory, name: 'MDS Abbeville', email: 'mds@abbeville.test' }
	]);
	await Lieu.create([
		{
			_id: w.lieu,
			organisationId: w.amiens,
			name: 'Amiens centre',
			address: '1 place Gambetta, 80000 Amiens',
			coordinates: { latitude: 49.8941, longitude: 2.2958 }
		},
		{ _id: w.lieuAbbeville, organisationId: w.abbeville, name: 'Abbeville', address: '2 rue X, 80100 Abbeville' }
	]);
	const motif = (
		_id: Types.ObjectId,
		organisationId: Types.ObjectId,
		name: string,
		extra: { instructionsBeforeBooking?: string; serviceId?: Types.ObjectId; locationType?: 'phone' } = {}
	) => ({
		_id,
		organisationId,
		serviceId: w.pmi,
		name,
		durationMinutes: 30,
		locationType: 'public_office' as 'public_office' | 'phone',
		bookableBy: 'everyone' as const,
		...extra
	});
	await Motif.create([
		motif(w.consult, w.amiens, 'Consultation PMI', { instructionsBeforeBooking: BEFORE }),
		motif(w.budget, w.amiens, 'Conseil budget', { serviceId: w.social, locationType: 'phone' }),
		motif(w.juridique, w.abbeville, 'Permanence juridique')
	]);
	const agent = (_id: Types.ObjectId, firstName: string, organisationId: Types.ObjectId) => ({
		_id,
		email: `${firstName.toLowerCase()}-${s(_id).slice(-6)}@example.org`,
		firstName,
		lastName: 'Agent',
		serviceIds: [w.pmi, w.social],
		roles: [{ organisationId, level: 'basic' as const }]
	});
	await Agent.create([agent(w.alice, 'Alice', w.amiens), agent(w.bruno, 'Bruno', w.abbeville)]);
	const everyDay = {
		firstDay: localDay(new Date(), 'Europe/Paris'),
		recurrence: { every: 'week' as const, interval: 1, weekdays: [1, 2, 3, 4, 5, 6, 7] },
		timeZone: 'Europe/Paris' as const,
		startTime: '08:00',
		endTime: '18:00'
	};
	await PlageOuverture.create([
		{
			agentId: w.alice,
			organisationId: w.amiens,
			title: 'Journée',
			lieuId: w.lieu,
			motifIds: [w.consult, w.budget],
			...everyDay
		},
		{
			agentId: w.bruno,
			organisationId: w.abbeville,
			title: 'Journée',
			lieuId: w.lieuAbbeville,
			motifIds: [w.juridique],
			...everyDay
		}
	]);
});

afterAll(async () => {
	if (previousGeocoderUrl === undefined) delete process.env.GEOCODER_URL;
	else process.env.GEOCODER_URL = previousGeocoderUrl;
	await geocoder.close();
});

describe('the address step', () => {
	it('goes straight on when the text names one place: a postcode without the geocoder, an address with it', async () => {
		expect(await funnel('?recherche=80000')).toEqual({ redirect: '/prendre-rdv?departement=80' });
		const found = await funnel(`?recherche=${encodeURIComponent('8 place du Théâtre Arras')}&embed=1`);
		expect(found).toEqual({
			redirect:
				'/prendre-rdv?departement=62&adresse=8+Place+du+Th%C3%A9%C3%A2tre+62000+Arras&latitude=50.2915&longitude=2.7797&embed=1'
		});
	});

	it('offers a choice when several addresses match, and says so next to the field when none does', async () => {
		const several = data(await funnel('?recherche=000'));
		expect(several.view.step).toBe('address');
		expect(several.view.error).toBeUndefined();
		expect(several.view.choices.map((c: { label: string }) => c.label)).toEqual([
			'8 Place du Théâtre 62000 Arras',
			'1 Cours Napoléon 20000 Ajaccio'
		]);
		expect(several.view.choices[1].params).toMatchObject({ departement: '2A', latitude: 41.9234 });

		const none = data(await funnel('?recherche=nulle+part+ici'));
		expect(none.view).toMatchObject({ step: 'address', query: 'nulle part ici', choices: [] });
		expect(none.view.error).toMatch(/^Adresse introuvable/);
	});

	it('still works by postcode when the geocoder is down', async () => {
		geocoder.failWith = 503;
		try {
			expect(await funnel(`?recherche=${encodeURIComponent('3 rue Victor Hugo 80000 Amiens')}`)).toEqual({
				redirect: '/prendre-rdv?departement=80'
			});
		} finally {
			geocoder.failWith = null;
		}
	});
});

describe('the search steps', () => {
	it('lists the services with a motif open online, or skips the step when only one', async () => {
		const services = data(await funnel('?departement=80'));
		expect(services.view.step).toBe('service');
		expect(services.view.services.map((x: { name: string }) => x.name)).toEqual(['PMI', 'Service social']);
		// An organisation's link: MDS Abbeville has one service.
		expect(await funnel(`?departement=80&organisation=${s(w.abbeville)}`)).toEqual({
			redirect: `/prendre-rdv?departement=80&organisation=${s(w.abbeville)}&service=${s(w.pmi)}`
		});
	});

	it('says how to reach the organisations when nothing is open online', async () => {
		const empty = data(await funnel('?departement=62'));
		expect(empty.view).toMatchObject({ step: 'service', services: [], contacts: [] });
		const forged = data(await funnel(`?departement=80&service=${s(id())}`));
		expect(forged.view.step).toBe('motif');
		expect(forged.view.motifs).toEqual([]);
		expect(forged.view.contacts.map((c: { name: string }) => c.name)).toEqual(['CCAS Amiens', 'MDS Abbeville']);
	});

	it('lists the motifs of the service, then the places of the motif with their next availability', async () => {
		const motifs = data(await funnel(`?departement=80&service=${s(w.pmi)}`));
		expect(motifs.view.motifs.map((m: { key: string }) => m.key)).toEqual([
			CONSULT,
			motifKey('Permanence juridique', 'public_office')
		]);
		expect(motifs.view.serviceSkipped).toBe(false);

		const places = data(
			await funnel(`?departement=80&service=${s(w.pmi)}&motif=${CONSULT}&latitude=49.9&longitude=2.3`)
		);
		expect(places.view.step).toBe('lieu');
		expect(places.view.motif).toMatchObject({ name: 'Consultation PMI', instructionsBeforeBooking: BEFORE });
		expect(places.view.places).toHaveLength(1);
		expect(places.view.places[0]).toMatchObject({ lieu: { id: s(w.lieu) }, motifId: s(w.consult) });
		expect(places.view.places[0].distanceKm).toBeLessThan(2);
		expect(places.view.places[0].nextStartsAt).not.toBeNull();
		expect(places.view.timeZone).toBe('Europe/Paris');
	});

	it('answers a forged motif or lieu with an empty step', async () => {
		const motif = data(await funnel(`?departement=80&service=${s(w.pmi)}&motif=inconnu--public_office`));
		expect(motif.view).toMatchObject({ step: 'lieu', motif: null, places: [] });
		// Another organisation's lieu for this motif.
		const lieu = data(await funnel(`?departement=80&service=${s(w.pmi)}&motif=${CONSULT}&lieu=${s(w.lieuAbbeville)}`));
		expect(lieu.view).toMatchObject({ step: 'creneau', place: null, grid: null });
	});
});

describe('the slot grid and the slot chosen', () => {
	const grid = `?departement=80&service=${s(w.pmi)}&motif=${CONSULT}&lieu=${s(w.lieu)}`;
	const phoneGrid = `?departement=80&organisation=${s(w.amiens)}&service=${s(w.social)}&motif=${BUDGET}`;

	async function firstSlot(query: string): Promise<string> {
		const view = data(await funnel(query)).view;
		expect(view.step).toBe('creneau');
		const slot = view.grid.days.flatMap((d: { slots: { startsAt: string }[] }) => d.slots)[0];
		expect(slot, 'a slot this week').toBeDefined();
		return slot.startsAt;
	}

	it('shows the lieu’s week, and the « à lire avant » text once a time is chosen', async () => {
		const view = data(await funnel(grid)).view;
		expect(view.place).toMatchObject({ lieu: { name: 'Amiens centre' }, organisation: { name: 'CCAS Amiens' } });
		expect(view.grid.days).toHaveLength(7);
		const startsAt = await firstSlot(grid);
		const chosen = data(await funnel(`${grid}&creneau=${encodeURIComponent(startsAt)}`)).view;
		expect(chosen).toMatchObject({ step: 'chosen', slotGone: false });
		expect(chosen.nextHref).toBe(`/prendre-rdv/identification${grid}&creneau=${encodeURIComponent(startsAt)}`);
	});

	it('goes straight on when the motif has nothing to read: identification, informations or the prescripteur form', async () => {
		const startsAt = encodeURIComponent(await firstSlot(phoneGrid));
		const query = `${phoneGrid}&creneau=${startsAt}`;
		expect(await funnel(query)).toEqual({ redirect: `/prendre-rdv/identification${query}` });
		const usager: SessionUsager = { id: s(id()), email: 'u@example.org', via: 'email_code' };
		expect(await funnel(query, { usager })).toEqual({ redirect: `/prendre-rdv/informations${query}` });
		expect(await funnel(`${query}&prescripteur=1`)).toEqual({
			redirect: `/prendre-rdv/prescripteur${query}&prescripteur=1`
		});
	});

	it('shows the grid again with a message when the slot chosen is not offered', async () => {
		const startsAt = await firstSlot(grid);
		const forged = new Date(Date.parse(startsAt) + 7 * 60_000).toISOString(); // 8:07, not a slot start
		const view = data(await funnel(`${grid}&creneau=${encodeURIComponent(forged)}`)).view;
		expect(view).toMatchObject({ step: 'chosen', slotGone: true });
		expect(view.grid.days.length).toBe(7);
	});

	it('never fails on an impossible or far-off day', async () => {
		for (const date of ['2027-02-31', '0000-01-01', '9999-12-31']) {
			const view = data(await funnel(`${grid}&date=${date}`)).view;
			expect(view.step, date).toBe('creneau');
		}
		const view = data(await funnel(`${grid}&creneau=0000-01-01T00:00:00Z`)).view;
		expect(view).toMatchObject({ step: 'chosen', slotGone: true });
	});
});

describe('the organisation’s link', () => {
	const link = (params: Record<string, string>, query = '') =>
		run(orgLinkLoad as never, `/org/${params.id}${params.slug ? `/${params.slug}` : ''}${query}`, { params });

	it('leads to the funnel on its motifs, fixing a wrong slug first', async () => {
		expect(await link({ id: s(w.amiens), slug: 'ccas-amiens' })).toEqual({
			redirect: `/prendre-rdv?departement=80&organisation=${s(w.amiens)}`
		});
		expect(await link({ id: s(w.amiens) }, '?embed=1')).toEqual({
			redirect: `/prendre-rdv?departement=80&organisation=${s(w.amiens)}&embed=1`
		});
		expect(await link({ id: s(w.amiens), slug: 'ancien-nom' }, '?embed=1')).toEqual({
			redirect: `/org/${s(w.amiens)}/ccas-amiens?embed=1`
		});
	});

	it('answers 404 for an unknown or malformed id', async () => {
		expect(await link({ id: s(id()), slug: 'x' })).toEqual({ status: 404 });
		expect(await link({ id: 'pas-un-id' })).toEqual({ status: 404 });
	});
});
