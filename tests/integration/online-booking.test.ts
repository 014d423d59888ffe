/**
 * Online booking (issue 18): the agent chosen for an usager's slot, the claim lost to a concurrent booking, the
 * slot gone with the next ones offered, forged requests writing nothing, relatives, the organisation profile,
 * « Vos informations » and the prescripteur actor — against the real embedded database.
 */
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { Motif, PlageOuverture, Rdv, RdvClaim, Usager } from '../../src/lib/server/db/models/index.ts';
import { claimBuckets } from '../../src/lib/domain/calendar-keys.ts';
import { bookRdv } from '../../src/lib/server/services/booking/index.ts';
import {
	addRelative,
	bookOnline,
	canBookFor,
	checkOnlineSlot,
	getUsagerInformations,
	listRelatives,
	NOT_MOBILE_WARNING,
	updateUsagerInformations,
	type BookOnlineResult,
	type OnlineActor
} from '../../src/lib/server/services/public-booking/index.ts';
import ICAL from 'ical.js';
import { isRedirect } from '@sveltejs/kit';
import { motifKey, type FunnelParams, funnelQuery } from '../../src/lib/domain/public-booking.ts';
import { holidayOn } from '../../src/lib/domain/holidays.ts';
import { addDays } from '../../src/lib/domain/local-time.ts';
import type { SessionUsager } from '../../src/lib/domain/types.ts';
import * as confirmationPage from '../../src/routes/(public)/prendre-rdv/confirmation/+page.server.ts';
import * as informationsPage from '../../src/routes/(public)/prendre-rdv/informations/+page.server.ts';
import * as pourQuiPage from '../../src/routes/(public)/prendre-rdv/pour-qui/+page.server.ts';
import * as bookedPage from '../../src/routes/(public)/prendre-rdv/rdv/[rdvId]/+page.server.ts';
import * as icsRoute from '../../src/routes/(public)/prendre-rdv/rdv/[rdvId]/rdv.ics/+server.ts';
import { requestEvent } from '../helpers/request-event.ts';
import {
	bookFixtureRdv,
	createFixtureUsager,
	createSchedulingFixture,
	NOW,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;

/** An usager who opened an account online (no names yet, no organisation). */
async function onlineUsager(names = true): Promise<string> {
	const u = await Usager.create({
		email: `u-${new Types.ObjectId().toHexString()}@example.org`,
		account: { createdAt: NOW, lastSignInAt: NOW, via: 'email_code' },
		...(names ? { firstName: 'Inès', lastName: 'Enligne' } : {})
	});
	return String(u._id);
}

const asUsager = (usagerId: string): OnlineActor => ({ kind: 'usager', usagerId });

const booking = (usagerId: string, day: string, time: string, extra: Record<string, unknown> = {}) => ({
	organisationId: f.arras,
	motifId: f.motif,
	lieuId: f.lieu,
	startsAt: paris(day, time),
	usagerIds: [usagerId],
	actor: asUsager(usagerId),
	now: NOW,
	...extra
});

function booked(result: BookOnlineResult) {
	if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
	return result.rdv;
}

const counts = async () => ({ rdvs: await Rdv.countDocuments({}), claims: await RdvClaim.countDocuments({}) });

beforeAll(async () => {
	f = await createSchedulingFixture();
	// Bob gets the same permanence as Alice: two agents free at each of its slots.
	await PlageOuverture.create({
		agentId: f.bob,
		organisationId: f.arras,
		title: 'Permanence PMI Bob',
		lieuId: f.lieu,
		motifIds: [f.motif],
		startTime: '09:00',
		endTime: '12:00',
		firstDay: '2027-03-22',
		recurrence: { every: 'week', interval: 1, weekdays: [1, 2, 3, 4, 5] },
		timeZone: 'Europe/Paris'
	});
});

describe('bookOnline: the agent chosen', () => {
	it('books the least loaded of the free agents that day', async () => {
		// Alice already has an RDV on Tuesday, Bob none: Bob is chosen at a time both are free.
		await bookFixtureRdv(f, '2027-03-23', '11:00', { usagerIds: [await createFixtureUsager(f)], now: NOW });
		const usager = await onlineUsager();
		const rdv = booked(await bookOnline(booking(usager, '2027-03-23', '09:30')));
		expect(rdv.agentIds).toEqual([f.bob]);
		expect(rdv.createdBy).toBe('usager');
		expect((await Rdv.findById(rdv.id).lean())?.createdBy).toMatchObject({ kind: 'usager' });
		expect(rdv.participants.map((p) => p.usagerId)).toEqual([usager]);

		// Now Bob has one RDV on Tuesday and Alice one: ties on minutes and count go to the lower id.
		const second = booked(await bookOnline(booking(await onlineUsager(), '2027-03-23', '10:00')));
		expect(second.agentIds).toEqual([[f.alice, f.bob].sort()[0]]);
	});

	it('counts the minutes booked that day before the number of RDVs', async () => {
		// Wednesday: Alice has two RDVs of 30 minutes (60 min), Bob one of 90 minutes booked by an agent.
		await bookFixtureRdv(f, '2027-03-24', '09:00', { usagerIds: [await createFixtureUsager(f)], now: NOW });
		await bookFixtureRdv(f, '2027-03-24', '09:30', { usagerIds: [await createFixtureUsager(f)], now: NOW });
		const long = await bookRdv(
			{
				organisationId: f.arras,
				motifId: f.motif,
				lieuId: f.lieu,
				startsAt: paris('2027-03-24', '09:00'),
				durationMinutes: 90,
				agentIds: [f.bob],
				usagerIds: [await createFixtureUsager(f)]
			},
			{ kind: 'agent', agent: f.agents.bob },
			NOW
		);
		expect(long.ok).toBe(true);
		const rdv = booked(await bookOnline(booking(await onlineUsager(), '2027-03-24', '11:30')));
		expect(rdv.agentIds).toEqual([f.alice]);
	});

	it('tries the next free agent when the first one’s time was just claimed by a concurrent booking', async () => {
		// Thursday, nobody booked: the lower id would be chosen; its time is claimed behind the search's back.
		const [first, second] = [f.alice, f.bob].sort();
		const startsAt = paris('2027-03-25', '09:00');
		const buckets = claimBuckets(startsAt, new Date(startsAt.getTime() + 30 * 60_000));
		const ghost = new Types.ObjectId();
		await RdvClaim.insertMany(buckets.map((bucket) => ({ agentId: first, bucket, rdvId: ghost })));
		const rdv = booked(await bookOnline(booking(await onlineUsager(), '2027-03-25', '09:00')));
		expect(rdv.agentIds).toEqual([second]);
		await RdvClaim.deleteMany({ rdvId: ghost });
	});

	it('lets concurrent usagers take each free agent once, then answers the slot is gone with the next ones', async () => {
		const usagers = await Promise.all([1, 2, 3, 4].map(() => onlineUsager()));
		const before = await counts();
		const results = await Promise.all(usagers.map((u) => bookOnline(booking(u, '2027-03-26', '10:00'))));
		const winners = results.filter((r) => r.ok);
		expect(winners.map((r) => booked(r).agentIds[0]).sort()).toEqual([f.alice, f.bob].sort());
		const after = await counts();
		expect(after.rdvs - before.rdvs).toBe(2);
		expect(after.claims - before.claims).toBe(2 * 6);
		for (const r of results.filter((r) => !r.ok)) {
			expect(r).toMatchObject({ ok: false, code: 'conflict', message: 'Ce créneau n’est plus disponible.' });
			if (r.ok) continue;
			expect(r.nextSlots?.length).toBeGreaterThan(0);
			expect(Date.parse(r.nextSlots![0].startsAt)).toBeGreaterThan(paris('2027-03-26', '10:00').getTime());
			expect(r.nextSlots![0]).toEqual({ startsAt: paris('2027-03-26', '10:30').toISOString(), time: '10:30' });
		}
		// The confirmation page's check says the same before anything is submitted.
		const check = await checkOnlineSlot({ ...booking(usagers[0], '2027-03-26', '10:00') });
		expect(check).toMatchObject({ code: 'conflict', message: 'Ce créneau n’est plus disponible.' });
		expect(await checkOnlineSlot(booking(usagers[0], '2027-03-26', '10:30'))).toBeNull();
	});
});

describe('bookOnline: forged requests write nothing', () => {
	const day = '2027-03-29'; // Easter Monday: closed. The next Tuesday is open.
	it.each([
		[
			'a time that is no slot (off the 30-minute grid)',
			{ startsAt: paris('2027-03-30', '09:10') },
			'conflict',
			'Ce créneau n’est plus disponible.'
		],
		['a time off the 5-minute grain', { startsAt: paris('2027-03-30', '09:07') }, 'invalid', /5 minutes/],
		['a public holiday', { startsAt: paris(day, '09:00') }, 'conflict', 'Ce créneau n’est plus disponible.'],
		[
			'a time outside the booking window',
			{ startsAt: paris('2027-09-07', '09:00') },
			'invalid',
			'Ce créneau n’est pas dans la période ouverte à la réservation en ligne.'
		],
		[
			'a time already past',
			{ startsAt: paris('2027-03-30', '09:00'), now: new Date('2027-04-01T08:00:00Z') },
			'invalid',
			'Ce créneau n’est pas dans la période ouverte à la réservation en ligne.'
		],
		['another organisation’s motif', { motifId: 'LENS_MOTIF' }, 'not_found', 'Motif introuvable.'],
		['another organisation’s lieu', { lieuId: 'LENS_LIEU' }, 'invalid', 'Lieu introuvable ou désactivé.'],
		['no lieu for a motif at a lieu', { lieuId: undefined }, 'invalid', 'Choisissez le lieu du RDV.'],
		['an unknown motif', { motifId: new Types.ObjectId().toHexString() }, 'not_found', 'Motif introuvable.'],
		['a malformed time', { startsAt: 'demain 9h' }, 'invalid', 'Date et heure ISO 8601 attendues.'],
		['another person as participant', { usagerIds: ['OTHER'] }, 'invalid', /vous-même ou vos proches/]
	])('refuses %s', async (_label, extra, code, message) => {
		const usager = await onlineUsager();
		const resolved = Object.fromEntries(
			Object.entries(extra).map(([k, v]) => [
				k,
				v === 'LENS_MOTIF' ? f.lensMotif : v === 'LENS_LIEU' ? f.lensLieu : Array.isArray(v) ? [f.usager] : v
			])
		);
		const before = await counts();
		const result = await bookOnline({ ...booking(usager, '2027-03-30', '09:00'), ...resolved });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.code).toBe(code);
		if (typeof message === 'string') expect(result.message).toBe(message);
		else expect(result.message).toMatch(message);
		expect(await counts()).toEqual(before);
		expect((await Usager.findById(usager).lean())?.profiles).toEqual([]);
	});

	it('refuses a motif closed online, with the booking service’s message', async () => {
		const closed = await Motif.create({
			organisationId: f.arras,
			serviceId: f.pmi,
			name: 'Suivi agents seulement',
			durationMinutes: 30,
			locationType: 'public_office',
			bookableBy: 'agents'
		});
		await PlageOuverture.updateOne({ _id: f.plage }, { $push: { motifIds: closed._id } });
		const before = await counts();
		const result = await bookOnline({
			...booking(await onlineUsager(), '2027-03-30', '09:00'),
			motifId: String(closed._id)
		});
		expect(result).toMatchObject({ ok: false, code: 'forbidden', message: 'Ce motif ne se réserve pas en ligne.' });
		expect(await counts()).toEqual(before);
	});
});

describe('bookOnline: for whom, and the organisation profile', () => {
	it('books for a relative, and adds the organisation profile to both once', async () => {
		const usager = await onlineUsager();
		expect((await Usager.findById(usager).lean())?.profiles).toEqual([]);
		const added = await addRelative(usager, { firstName: 'Léa', lastName: 'Enligne', birthDate: '2019-05-04' });
		if (!added.ok) throw new Error(added.message);
		expect(await listRelatives(usager)).toEqual([
			{ id: added.relative.id, firstName: 'Léa', lastName: 'Enligne', birthDate: '2019-05-04' }
		]);
		expect(await canBookFor(usager, added.relative.id)).toBe(true);
		expect(await canBookFor(usager, f.usager)).toBe(false);

		const rdv = booked(await bookOnline({ ...booking(usager, '2027-04-01', '09:00'), usagerIds: [added.relative.id] }));
		expect(rdv.participants.map((p) => p.usagerId)).toEqual([added.relative.id]);
		const relative = await Usager.findById(added.relative.id).lean();
		expect(relative?.organisationIds.map(String)).toEqual([f.arras]);
		expect(relative?.responsibleId?.toString()).toBe(usager);

		// Self, twice in that organisation: one profile.
		booked(await bookOnline(booking(usager, '2027-04-01', '10:00')));
		booked(await bookOnline(booking(usager, '2027-04-02', '10:00')));
		const self = await Usager.findById(usager).lean();
		expect(self?.profiles.map((p) => String(p.organisationId))).toEqual([f.arras]);
		// The agents find them in the organisation's lists (the list keys carry the organisation).
		expect(self?.listBuckets?.some((b) => b.startsWith(f.arras))).toBe(true);
	});

	it('refuses a relative of somebody else', async () => {
		const other = await onlineUsager();
		const added = await addRelative(other, { firstName: 'Tom', lastName: 'Autre', birthDate: '2018-01-01' });
		if (!added.ok) throw new Error(added.message);
		const usager = await onlineUsager();
		const result = await bookOnline({ ...booking(usager, '2027-04-05', '09:00'), usagerIds: [added.relative.id] });
		expect(result).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('validates relatives with French messages and does not let a relative add relatives', async () => {
		const usager = await onlineUsager();
		const missing = await addRelative(usager, { firstName: ' ', lastName: 'X', birthDate: '' });
		expect(missing).toMatchObject({
			ok: false,
			fieldErrors: { firstName: 'Saisissez le prénom.', birthDate: 'Saisissez la date de naissance.' }
		});
		const future = await addRelative(usager, { firstName: 'A', lastName: 'B', birthDate: '2999-01-01' });
		expect(future).toMatchObject({ ok: false, fieldErrors: { birthDate: 'Date de naissance invalide.' } });
		const added = await addRelative(usager, { firstName: 'Zoé', lastName: 'B', birthDate: '2020-02-02' });
		if (!added.ok) throw new Error(added.message);
		const nested = await addRelative(added.relative.id, { firstName: 'C', lastName: 'D', birthDate: '2020-02-02' });
		expect(nested).toMatchObject({ ok: false, message: 'Ce compte ne peut pas ajouter de proche.' });
	});
});

describe('bookOnline: who may book which motif', () => {
	it('accepts a prescripteur on a motif open to prescripteurs, and refuses an usager there', async () => {
		// MDS Lens's motif is « agents_and_prescripteurs », with Dora 14:00–16:00.
		const beneficiary = await createFixtureUsager(f, { lens: true });
		const lens = {
			organisationId: f.lens,
			motifId: f.lensMotif,
			lieuId: f.lensLieu,
			startsAt: paris('2027-03-23', '14:00'),
			now: NOW
		};
		const usager = await onlineUsager();
		const before = await counts();
		expect(await bookOnline({ ...lens, usagerIds: [usager], actor: asUsager(usager) })).toMatchObject({
			ok: false,
			code: 'forbidden',
			message: 'Ce motif ne se réserve pas en ligne.'
		});
		expect(await counts()).toEqual(before);
		const prescripteur = {
			kind: 'prescripteur' as const,
			prescripteur: { firstName: 'Marie', lastName: 'Dupont', email: 'marie.dupont@ccas.example.org' }
		};
		const rdv = booked(await bookOnline({ ...lens, usagerIds: [beneficiary], actor: prescripteur }));
		expect(rdv.agentIds).toEqual([f.dora]);
		expect(rdv.createdBy).toBe('prescripteur');
	});
});

describe('« Vos informations »', () => {
	it('fills the names of an account opened by code, requiring the phone for phone motifs', async () => {
		const usager = await onlineUsager(false);
		expect(await getUsagerInformations(usager)).toMatchObject({ firstName: '', lastName: '', phone: '' });
		const values = {
			firstName: 'Nadia',
			lastName: 'Benali',
			birthDate: '1990-04-12',
			phone: '',
			street: '',
			postcode: '',
			city: ''
		};
		expect(await updateUsagerInformations(usager, values, 'phone')).toMatchObject({
			ok: false,
			fieldErrors: { phone: 'Saisissez un numéro de téléphone : l’agent vous appellera à ce numéro.' }
		});
		expect(await updateUsagerInformations(usager, { ...values, firstName: '' }, 'public_office')).toMatchObject({
			ok: false,
			fieldErrors: { firstName: 'Saisissez le prénom.' }
		});
		expect(await updateUsagerInformations(usager, { ...values, phone: '06 12' }, 'phone')).toMatchObject({
			ok: false,
			fieldErrors: { phone: 'Numéro de téléphone invalide, par exemple 06 12 34 56 78.' }
		});
		// Nothing was saved by the refusals.
		expect((await Usager.findById(usager).lean())?.firstName).toBeUndefined();

		expect(await updateUsagerInformations(usager, { ...values, phone: '06 12 34 56 78' }, 'phone')).toEqual({
			ok: true,
			warnings: {}
		});
		const saved = await Usager.findById(usager).lean();
		expect(saved).toMatchObject({ firstName: 'Nadia', lastName: 'Benali', phone: '+33612345678', phoneIsMobile: true });
		expect(await getUsagerInformations(usager)).toMatchObject({ phone: '06 12 34 56 78', birthDate: '1990-04-12' });
	});

	it('warns without refusing when the phone is not a mobile, and requires the address for home motifs', async () => {
		const usager = await onlineUsager();
		const values = {
			firstName: 'Jean',
			lastName: 'Fixe',
			birthDate: '',
			phone: '01 23 45 67 89',
			street: '',
			postcode: '',
			city: ''
		};
		expect(await updateUsagerInformations(usager, values, 'phone')).toEqual({
			ok: true,
			warnings: { phone: NOT_MOBILE_WARNING }
		});
		const home = await updateUsagerInformations(usager, values, 'home');
		expect(home).toMatchObject({
			ok: false,
			fieldErrors: { street: expect.any(String), postcode: expect.any(String) }
		});
		expect(
			await updateUsagerInformations(
				usager,
				{ ...values, street: '3 rue des Lilas', postcode: '6200', city: 'Arras' },
				'home'
			)
		).toMatchObject({ ok: false, fieldErrors: { postcode: 'Code postal invalide : 5 chiffres, par exemple 62000.' } });
		expect(
			await updateUsagerInformations(
				usager,
				{ ...values, street: '3 rue des Lilas', postcode: '62000', city: 'Arras' },
				'home'
			)
		).toMatchObject({ ok: true });
		expect((await Usager.findById(usager).lean())?.address).toMatchObject({
			street: '3 rue des Lilas',
			postcode: '62000',
			city: 'Arras'
		});
	});
});

describe('the funnel’s last pages', () => {
	// The pages book at the real time: a plage a few days from now, inside the motif's window.
	const soon = (() => {
		let day = addDays(new Date().toISOString().slice(0, 10), 7);
		while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay()) || holidayOn('62', day)) day = addDays(day, 1);
		return day;
	})();
	let params: FunnelParams;

	beforeAll(async () => {
		await PlageOuverture.create({
			agentId: f.carla,
			organisationId: f.arras,
			title: 'Permanence proche',
			lieuId: f.lieu,
			motifIds: [f.motif],
			startTime: '14:00',
			endTime: '16:00',
			firstDay: soon,
			timeZone: 'Europe/Paris'
		});
		params = {
			service: f.pmi,
			organisation: f.arras,
			motif: motifKey('Consultation PMI', 'public_office'),
			lieu: f.lieu,
			creneau: paris(soon, '14:00').toISOString()
		};
	});

	const session = async (usagerId: string): Promise<SessionUsager> => {
		const u = await Usager.findById(usagerId).lean();
		return { id: usagerId, email: u?.email ?? '', via: 'email_code' };
	};

	/** Runs a page's load or action as this usager (null: signed out); what it returned or threw. */
	async function run(
		fn: unknown,
		path: string,
		usager: SessionUsager | null,
		init: { form?: Record<string, string>; params?: Record<string, string> } = {}
	) {
		const body = init.form ? new FormData() : undefined;
		for (const [k, v] of Object.entries(init.form ?? {})) body!.append(k, v);
		const event = requestEvent({ path, method: body ? 'POST' : 'GET', body, params: init.params });
		event.locals.usager = usager;
		try {
			return { value: await (fn as (e: unknown) => Promise<unknown>)(event) };
		} catch (thrown) {
			if (isRedirect(thrown)) return { redirect: thrown.location };
			const status = (thrown as { status?: number }).status;
			if (status) return { status };
			throw thrown;
		}
	}

	it('sends a signed-out visitor to the sign-in page, coming back to the step', async () => {
		const path = `/prendre-rdv/informations${funnelQuery(params)}`;
		const out = await run(informationsPage.load, path, null);
		expect(out.redirect).toBe(`/usager/connexion?redirectTo=${encodeURIComponent(path)}`);
	});

	it('walks informations → pour qui → confirmation → the confirmed RDV and its .ics', async () => {
		const usagerId = await onlineUsager(false);
		const me = await session(usagerId);
		const q = funnelQuery(params);

		// Without names, « Pour qui » and the confirmation send back to « Vos informations ».
		expect((await run(pourQuiPage.load, `/prendre-rdv/pour-qui${q}`, me)).redirect).toBe(
			`/prendre-rdv/informations${q}`
		);
		const info = await run(informationsPage.actions.default, `/prendre-rdv/informations${q}`, me, {
			form: { firstName: 'Rose', lastName: 'Parcours', phone: '', birthDate: '', street: '', postcode: '', city: '' }
		});
		expect(info.redirect).toBe(`/prendre-rdv/pour-qui${q}`);

		// A person who is not theirs: back to « Pour qui », nothing written.
		const before = await counts();
		const stranger = await run(confirmationPage.actions.default, `/prendre-rdv/confirmation${q}&pour=${f.usager}`, me, {
			form: {}
		});
		expect(stranger.redirect).toBe(`/prendre-rdv/pour-qui${q}`);
		expect(await counts()).toEqual(before);

		const chosen = await run(pourQuiPage.actions.default, `/prendre-rdv/pour-qui${q}`, me, {
			form: { pour: usagerId }
		});
		expect(chosen.redirect).toBe(`/prendre-rdv/confirmation${q}&pour=${usagerId}`);
		const page = await run(confirmationPage.load, chosen.redirect!, me);
		expect(page.value).toMatchObject({
			refusal: null,
			summary: { motif: 'Consultation PMI', organisation: 'MDS Arras', person: 'Rose Parcours (vous-même)' }
		});
		const done = await run(confirmationPage.actions.default, chosen.redirect!, me, { form: {} });
		expect(done.redirect).toMatch(/^\/prendre-rdv\/rdv\/[0-9a-f]{24}$/);
		const rdvId = done.redirect!.split('/').pop()!;
		expect((await Rdv.findById(rdvId).lean())?.agentIds.map(String)).toEqual([f.carla]);

		// The same slot again: gone, with the next one offered as a way back into the confirmation.
		const again = (await run(confirmationPage.load, chosen.redirect!, me)).value as {
			refusal: { message: string; nextSlots: { href: string; label: string }[] };
		};
		expect(again.refusal.message).toBe('Ce créneau n’est plus disponible.');
		expect(again.refusal.nextSlots[0].href).toContain(
			`creneau=${encodeURIComponent(paris(soon, '14:30').toISOString())}&pour=${usagerId}`
		);
		expect(again.refusal.nextSlots[0].label).toMatch(/ à 14h30$/);

		const shown = await run(bookedPage.load, done.redirect!, me, { params: { rdvId } });
		expect(shown.value).toMatchObject({ rdv: { id: rdvId, motif: { name: 'Consultation PMI' }, timeLabel: '14h00' } });
		const response = (await run(icsRoute.GET, `${done.redirect}/rdv.ics`, me, { params: { rdvId } })).value as Response;
		expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		const event = new ICAL.Event(new ICAL.Component(ICAL.parse(await response.text())).getFirstSubcomponent('vevent')!);
		expect(event.uid).toBe(`rdv-${rdvId}@localhost:3000`);
		expect(event.startDate.toJSDate().toISOString()).toBe(paris(soon, '14:00').toISOString());

		// Another usager: unknown, like any id.
		const other = await session(await onlineUsager());
		expect((await run(bookedPage.load, done.redirect!, other, { params: { rdvId } })).status).toBe(404);
		expect((await run(icsRoute.GET, `${done.redirect}/rdv.ics`, other, { params: { rdvId } })).status).toBe(404);
	});

	it('shows a forged slot’s refusal in place of the form, and refuses to book it', async () => {
		const me = await session(await onlineUsager());
		const forged = funnelQuery({ ...params, creneau: paris(soon, '14:10').toISOString() });
		const page = await run(informationsPage.load, `/prendre-rdv/informations${forged}`, me);
		expect(page.value).toMatchObject({ refusal: { message: 'Ce créneau n’est plus disponible.' } });
		const before = await counts();
		const out = await run(confirmationPage.actions.default, `/prendre-rdv/confirmation${forged}&pour=${me.id}`, me, {
			form: {}
		});
		expect(out.value).toMatchObject({
			status: 409,
			data: { refusal: { message: 'Ce créneau n’est plus disponible.' } }
		});
		expect(await counts()).toEqual(before);
		// No slot at all: back to the grid.
		const none = funnelQuery({ ...params, creneau: undefined });
		expect((await run(informationsPage.load, `/prendre-rdv/informations${none}`, me)).redirect).toBe(
			`/prendre-rdv${none}`
		);
	});
});
