/**
 * Prescripteurs booking for a beneficiary (PRODUCT.md §6, issue 18): the beneficiary matched or created with the
 * same answer, motifs closed to prescripteurs refused, the confirmation e-mail (once, naming the beneficiary by
 * first name and initial), forged slots refused with nothing written, the per-address rate limit, and what the
 * agents see of who booked.
 */
import ICAL from 'ical.js';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { Motif, Organisation, PlageOuverture, Rdv, RdvClaim, Usager } from '../../src/lib/server/db/models/index.ts';
import { getOutboxAttachment, getOutboxEmail, listOutboxEmails } from '../../src/lib/server/notify/outbox.ts';
import { getRdvDetails } from '../../src/lib/server/services/booking/index.ts';
import {
	bookAsPrescripteur,
	PRESCRIPTEUR_BOOKINGS_PER_HOUR,
	sendPrescripteurConfirmation
} from '../../src/lib/server/services/public-booking/prescripteur.ts';
import type { PrescripteurBookingInput } from '../../src/lib/server/services/public-booking/prescripteur-input.ts';
import { holidaysBetween } from '../../src/lib/domain/holidays.ts';
import { addDays, localDay } from '../../src/lib/domain/local-time.ts';
import { motifKey } from '../../src/lib/domain/public-booking.ts';
import { actions, load } from '../../src/routes/(public)/prendre-rdv/prescripteur/+page.server.ts';
import { runEvent } from '../helpers/route-outcome.ts';
import { createSchedulingFixture, NOW, paris, type SchedulingFixture } from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;
let ipCounter = 0;
/** Each test books from its own address, so the rate limit is only met where it is the subject. */
const freshIp = () => `198.51.100.${++ipCounter}`;

const prescripteur = {
	firstName: 'Marie',
	lastName: 'Dupont',
	email: 'Marie.Dupont@ccas-exemple.fr',
	phone: '03 21 00 00 00',
	organisationName: 'CCAS de Liévin'
};

/** A booking of MDS Lens's motif (open to agents and prescripteurs): Dora's plage, 14:00–16:00 on weekdays. */
function lensBooking(
	day: string,
	time: string,
	beneficiary: PrescripteurBookingInput['beneficiary']
): PrescripteurBookingInput {
	return {
		organisationId: f.lens,
		motifId: f.lensMotif,
		lieuId: f.lensLieu,
		startsAt: paris(day, time).toISOString(),
		prescripteur,
		beneficiary
	};
}

const counts = async () => ({
	rdvs: await Rdv.countDocuments({}),
	usagers: await Usager.countDocuments({}),
	claims: await RdvClaim.countDocuments({})
});

beforeAll(async () => {
	f = await createSchedulingFixture();
	await Organisation.updateOne(
		{ _id: f.lens },
		{ $set: { phone: '03 21 11 22 33', email: 'accueil@mds-lens.example.org' } }
	);
	await Motif.updateOne({ _id: f.lensMotif }, { $set: { instructionsAfterBooking: 'Apporter le carnet de santé.' } });
});

describe('the beneficiary', () => {
	it('is matched on names (accents and case aside) and phone, or created, with the same answer', async () => {
		const known = await Usager.create({
			firstName: 'Élodie',
			lastName: 'Lefèvre',
			phone: '06 12 34 56 78',
			birthDate: '1990-05-04',
			email: 'elodie.lefevre@example.org',
			profiles: [{ organisationId: new Types.ObjectId(f.lens) }]
		});
		const before = await counts();
		const matched = await bookAsPrescripteur(
			lensBooking('2027-03-23', '14:00', { firstName: 'elodie', lastName: 'LEFEVRE', phone: '+33612345678' }),
			{ ip: freshIp(), now: NOW }
		);
		expect(matched.ok).toBe(true);
		if (!matched.ok) return;
		const rdv = await Rdv.findById(matched.rdvId).lean();
		expect(rdv?.participants.map((p) => String(p.usagerId))).toEqual([String(known._id)]);
		expect((await counts()).usagers).toBe(before.usagers);

		// Another person with that phone (a parent and child sharing one) is not the same usager.
		const created = await bookAsPrescripteur(
			lensBooking('2027-03-23', '14:30', { firstName: 'Léa', lastName: 'Lefèvre', phone: '06 12 34 56 78' }),
			{ ip: freshIp(), now: NOW }
		);
		expect(created.ok).toBe(true);
		if (!created.ok) return;
		const createdRdv = await Rdv.findById(created.rdvId).lean();
		const newcomer = await Usager.findById(createdRdv?.participants[0].usagerId).lean();
		expect(String(newcomer?._id)).not.toBe(String(known._id));
		expect(newcomer?.organisationIds.map(String)).toEqual([f.lens]);
		expect(newcomer?.phone).toBe('+33612345678');

		// The same shape and nothing of the record: the label is made of what the prescripteur typed.
		const shape = (r: typeof matched) =>
			r.ok ? { ...r, rdvId: 'x', context: { ...r.context, startsAt: 'x', when: 'x' } } : r;
		expect(Object.keys(matched).sort()).toEqual(Object.keys(created).sort());
		expect(shape(matched)).toEqual({ ...shape(created), beneficiaryLabel: 'elodie L.' });
		expect(JSON.stringify(matched)).not.toMatch(/1990|elodie\.lefevre|Élodie/);
	});

	it('without a phone is matched on names and birth date, and names alone create a new record', async () => {
		const known = await Usager.create({
			firstName: 'Jules',
			lastName: 'Caron',
			birthDate: '2001-02-03',
			profiles: [{ organisationId: new Types.ObjectId(f.lens) }]
		});
		const byBirth = await bookAsPrescripteur(
			lensBooking('2027-03-24', '14:00', { firstName: 'JULES', lastName: 'caron', birthDate: '2001-02-03' }),
			{ ip: freshIp(), now: NOW }
		);
		expect(byBirth.ok).toBe(true);
		if (!byBirth.ok) return;
		const rdv = await Rdv.findById(byBirth.rdvId).lean();
		expect(String(rdv?.participants[0].usagerId)).toBe(String(known._id));

		const before = await counts();
		const namesOnly = await bookAsPrescripteur(
			lensBooking('2027-03-24', '14:30', { firstName: 'Jules', lastName: 'Caron' }),
			{ ip: freshIp(), now: NOW }
		);
		expect(namesOnly.ok).toBe(true);
		expect((await counts()).usagers).toBe(before.usagers + 1);
	});

	it('keeps the booking when the e-mail typed belongs to someone else, without storing it', async () => {
		await Usager.create({ firstName: 'Autre', lastName: 'Personne', email: 'pris@example.org', profiles: [] });
		const result = await bookAsPrescripteur(
			lensBooking('2027-03-25', '14:00', { firstName: 'Nina', lastName: 'Roux', email: 'pris@example.org' }),
			{ ip: freshIp(), now: NOW }
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const rdv = await Rdv.findById(result.rdvId).lean();
		const nina = await Usager.findById(rdv?.participants[0].usagerId).lean();
		expect(nina?.firstName).toBe('Nina');
		expect(nina?.email).toBeUndefined();
	});
});

describe('the motif', () => {
	it('closed to prescripteurs is refused like an unknown one, and nothing is written', async () => {
		const closed = await Motif.create({
			organisationId: f.lens,
			serviceId: f.pmi,
			name: 'Réservé aux agents',
			locationType: 'public_office',
			bookableBy: 'agents'
		});
		const before = await counts();
		const refused = await bookAsPrescripteur(
			{ ...lensBooking('2027-03-26', '14:00', { firstName: 'Ali', lastName: 'Ben' }), motifId: String(closed._id) },
			{ ip: freshIp(), now: NOW }
		);
		const unknown = await bookAsPrescripteur(
			{
				...lensBooking('2027-03-26', '14:00', { firstName: 'Ali', lastName: 'Ben' }),
				motifId: new Types.ObjectId().toHexString()
			},
			{ ip: freshIp(), now: NOW }
		);
		expect(refused).toMatchObject({ ok: false, code: 'not_found' });
		expect(unknown).toEqual(refused);
		// Another organisation's motif through this one's id: the same.
		const foreign = await bookAsPrescripteur(
			{ ...lensBooking('2027-03-26', '14:00', { firstName: 'Ali', lastName: 'Ben' }), organisationId: f.arras },
			{ ip: freshIp(), now: NOW }
		);
		expect(foreign).toEqual(refused);
		expect(await counts()).toEqual(before);
	});

	it('open to everyone online is open to prescripteurs too', async () => {
		const result = await bookAsPrescripteur(
			{
				organisationId: f.arras,
				motifId: f.motif,
				lieuId: f.lieu,
				startsAt: paris('2027-03-23', '09:00').toISOString(),
				prescripteur,
				beneficiary: { firstName: 'Sami', lastName: 'Nour', phone: '06 98 76 54 32' }
			},
			{ ip: freshIp(), now: NOW }
		);
		expect(result.ok).toBe(true);
	});

	it('by phone needs the beneficiary’s phone, at home their address', async () => {
		await Motif.updateOne({ _id: f.lensMotif }, { $set: { locationType: 'phone' } });
		try {
			const noPhone = await bookAsPrescripteur(
				{ ...lensBooking('2027-03-26', '15:00', { firstName: 'Ali', lastName: 'Ben' }), lieuId: undefined },
				{ ip: freshIp(), now: NOW }
			);
			expect(noPhone).toMatchObject({
				ok: false,
				code: 'invalid',
				fieldErrors: { 'beneficiary.phone': expect.stringContaining('numéro') }
			});
		} finally {
			await Motif.updateOne({ _id: f.lensMotif }, { $set: { locationType: 'public_office' } });
		}
	});
});

describe('the confirmation e-mail', () => {
	it('goes to the prescripteur once, with the beneficiary’s first name and initial only', async () => {
		const result = await bookAsPrescripteur(
			lensBooking('2027-03-30', '15:00', {
				firstName: 'Rose',
				lastName: 'Marchand',
				phone: '06 11 22 33 44',
				birthDate: '1985-06-07'
			}),
			{ ip: freshIp(), now: NOW }
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const mails = (await listOutboxEmails({ to: prescripteur.email })).filter((m) => m.subject.includes('Rose M.'));
		expect(mails).toHaveLength(1);
		const mail = await getOutboxEmail(mails[0].id);
		const content = `${mail?.subject}\n${mail?.text}\n${mail?.html}`;
		expect(content).toContain('Rose M.');
		expect(content).toContain('Consultation PMI');
		expect(content).toContain('mardi 30 mars 2027 à 15h00');
		expect(content).toContain('MDS Lens');
		expect(content).toContain('2 rue de Lens, 62300 Lens');
		expect(content).toContain('03 21 11 22 33');
		expect(content).toContain('Apporter le carnet de santé.');
		expect(content).not.toMatch(/Marchand|06 11|\+33611|1985|07\/06/);
		expect(mail?.attachments.map((a) => a.filename)).toEqual(['rendez-vous.ics']);
		const ics = await getOutboxAttachment(mails[0].id, 0);
		const event = new ICAL.Event(
			new ICAL.Component(ICAL.parse(ics?.content.toString('utf8') ?? '')).getFirstSubcomponent('vevent') ?? undefined
		);
		expect(event.summary).toBe('Rendez-vous : Consultation PMI (Rose M.)');
		expect(event.startDate.toJSDate().toISOString()).toBe(paris('2027-03-30', '15:00').toISOString());

		// Sent again (a retry): still one message.
		expect(await sendPrescripteurConfirmation(result.rdvId)).toBe(true);
		expect(
			(await listOutboxEmails({ to: prescripteur.email })).filter((m) => m.subject.includes('Rose M.'))
		).toHaveLength(1);
	});
});

describe('slots', () => {
	it('forged (off the grain, outside the plages, another organisation’s lieu, past) are refused and nothing is written', async () => {
		const beneficiary = { firstName: 'Forgé', lastName: 'Créneau', phone: '06 55 44 33 22' };
		const before = await counts();
		const attempts = [
			lensBooking('2027-03-30', '14:07', beneficiary),
			lensBooking('2027-03-30', '10:00', beneficiary),
			lensBooking('2027-02-15', '14:00', beneficiary),
			{ ...lensBooking('2027-03-30', '14:00', beneficiary), lieuId: f.lieu },
			{ ...lensBooking('2027-03-30', '14:00', beneficiary), startsAt: 'demain' }
		];
		for (const input of attempts) {
			const result = await bookAsPrescripteur(input, { ip: freshIp(), now: NOW });
			expect(result.ok, JSON.stringify(input.startsAt)).toBe(false);
		}
		expect(await counts()).toEqual(before);
	});

	it('taken meanwhile answers « Ce créneau n’est plus disponible » with the next free ones', async () => {
		const first = await bookAsPrescripteur(
			lensBooking('2027-03-31', '14:00', { firstName: 'Premier', lastName: 'Arrivé', phone: '06 10 10 10 10' }),
			{ ip: freshIp(), now: NOW }
		);
		expect(first.ok).toBe(true);
		const before = await counts();
		const second = await bookAsPrescripteur(
			lensBooking('2027-03-31', '14:00', { firstName: 'Second', lastName: 'Arrivé', phone: '06 20 20 20 20' }),
			{ ip: freshIp(), now: NOW }
		);
		expect(second).toMatchObject({ ok: false, code: 'conflict', message: 'Ce créneau n’est plus disponible.' });
		if (second.ok) return;
		expect(second.nextSlots?.length).toBeGreaterThan(0);
		expect(second.nextSlots?.[0].startsAt).toBe(paris('2027-03-31', '14:30').toISOString());
		expect(await counts()).toEqual(before);
	});
});

describe('abuse', () => {
	it('is rate-limited per address', async () => {
		const ip = '203.0.113.77';
		const input = {
			...lensBooking('2027-04-01', '14:00', { firstName: 'Ali', lastName: 'Ben' }),
			motifId: new Types.ObjectId().toHexString()
		};
		for (let i = 0; i < PRESCRIPTEUR_BOOKINGS_PER_HOUR; i++)
			expect(await bookAsPrescripteur(input, { ip, now: NOW })).toMatchObject({ code: 'not_found' });
		const limited = await bookAsPrescripteur(input, { ip, now: NOW });
		expect(limited).toMatchObject({ ok: false, code: 'rate_limited' });
		if (!limited.ok) expect(limited.message).toMatch(/Trop de tentatives/);
		// Another address is not affected.
		expect(await bookAsPrescripteur(input, { ip: freshIp(), now: NOW })).toMatchObject({ code: 'not_found' });
	});

	it('refuses bad details with French messages per field', async () => {
		const result = await bookAsPrescripteur(
			{
				...lensBooking('2027-04-01', '14:00', { firstName: '', lastName: 'Ben', phone: '12' }),
				prescripteur: { ...prescripteur, email: 'pas-un-email' }
			},
			{ ip: freshIp(), now: NOW }
		);
		expect(result).toMatchObject({
			ok: false,
			code: 'invalid',
			fieldErrors: {
				'prescripteur.email': expect.stringContaining('invalide'),
				'beneficiary.firstName': 'Saisissez le prénom du bénéficiaire.',
				'beneficiary.phone': expect.stringContaining('invalide')
			}
		});
	});
});

describe('the agents', () => {
	it('see who booked: the prescripteur, their structure and contacts', async () => {
		const result = await bookAsPrescripteur(
			lensBooking('2027-04-02', '14:00', { firstName: 'Yves', lastName: 'Lenoir', phone: '06 30 30 30 30' }),
			{ ip: freshIp(), now: NOW }
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const rdv = await Rdv.findById(result.rdvId).lean();
		expect(rdv?.createdBy).toMatchObject({
			kind: 'prescripteur',
			prescripteur: {
				firstName: 'Marie',
				lastName: 'Dupont',
				email: 'marie.dupont@ccas-exemple.fr',
				phone: '+33321000000',
				organisationName: 'CCAS de Liévin'
			}
		});
		expect(rdv?.participants[0].createdBy).toBe('prescripteur');
		const dora = await loadSessionAgent(f.dora);
		if (!dora) throw new Error('no dora');
		const details = await getRdvDetails(f.lens, result.rdvId, dora);
		expect(details.kind).toBe('ok');
		if (details.kind !== 'ok') return;
		expect(details.details.createdBy).toBe('Marie Dupont (prescripteur)');
		expect(details.details.origin).toBe(
			'Pris en ligne par Marie Dupont, prescripteur (CCAS de Liévin, marie.dupont@ccas-exemple.fr, 03 21 00 00 00)'
		);
	});
});

describe('the pages', () => {
	/** The pages book at the real time: a plage of Dora's from today, 17:00–18:00 every day, and a working day next week. */
	async function upcomingSlot(): Promise<string> {
		const today = localDay(new Date(), 'Europe/Paris');
		let day = addDays(today, 7);
		while (holidaysBetween('62', day, addDays(day, 1)).length > 0) day = addDays(day, 1);
		await PlageOuverture.create({
			agentId: f.dora,
			organisationId: f.lens,
			title: 'Permanence prescripteurs',
			lieuId: f.lensLieu,
			motifIds: [f.lensMotif],
			startTime: '17:00',
			endTime: '18:00',
			firstDay: today,
			recurrence: { every: 'week', interval: 1, weekdays: [1, 2, 3, 4, 5, 6, 7] },
			timeZone: 'Europe/Paris'
		});
		return paris(day, '17:00').toISOString();
	}

	const form = (values: Record<string, string>) => {
		const body = new FormData();
		for (const [k, v] of Object.entries(values)) body.append(k, v);
		return body;
	};

	it('walk the three steps with the details in the forms, and book', async () => {
		const creneau = await upcomingSlot();
		const path = `/prendre-rdv/prescripteur?organisation=${f.lens}&service=${f.pmi}&motif=${motifKey('Consultation PMI', 'public_office')}&lieu=${f.lensLieu}&creneau=${encodeURIComponent(creneau)}&prescripteur=1`;
		const loaded = (await runEvent(load, { path })) as { data: { context: { organisation: { name: string } } | null } };
		expect(loaded.data.context?.organisation.name).toBe('MDS Lens');

		const me = {
			'prescripteur.firstName': 'Marie',
			'prescripteur.lastName': 'Dupont',
			'prescripteur.email': 'marie.pages@ccas-exemple.fr'
		};
		const step1 = await runEvent(actions.coordonnees, { method: 'POST', path: `${path}&/coordonnees`, body: form(me) });
		expect(step1).toMatchObject({ data: { step: 2, values: me } });

		const beneficiary = { 'beneficiary.firstName': 'Paula', 'beneficiary.lastName': 'Pages' };
		// The prescripteur's details altered on the way: back to step 1, with the message.
		const tampered = await runEvent(actions.beneficiaire, {
			method: 'POST',
			path: `${path}&/beneficiaire`,
			body: form({ ...me, 'prescripteur.email': 'faux', ...beneficiary })
		});
		expect(tampered).toMatchObject({ data: { status: 400, data: { step: 1 } } });
		const step2 = await runEvent(actions.beneficiaire, {
			method: 'POST',
			path: `${path}&/beneficiaire`,
			body: form({ ...me, ...beneficiary })
		});
		expect(step2).toMatchObject({ data: { step: 3 } });

		const done = await runEvent(actions.confirmer, {
			method: 'POST',
			path: `${path}&/confirmer`,
			body: form({ ...me, ...beneficiary })
		});
		expect(done).toMatchObject({
			data: { step: 'done', done: { beneficiaryLabel: 'Paula P.', email: 'marie.pages@ccas-exemple.fr' } }
		});
		expect(await Rdv.countDocuments({ usagerIds: (await Usager.findOne({ lastName: 'Pages' }).lean())?._id })).toBe(1);

		// The same slot again: « plus disponible », with the next ones to choose from.
		const again = await runEvent(actions.confirmer, {
			method: 'POST',
			path: `${path}&/confirmer`,
			body: form({ ...me, 'beneficiary.firstName': 'Autre', 'beneficiary.lastName': 'Personne' })
		});
		expect(again).toMatchObject({
			data: { status: 409, data: { step: 3, errors: { form: 'Ce créneau n’est plus disponible.' } } }
		});
	});

	it('answer a link to a motif closed to prescripteurs like a gone slot', async () => {
		const path = `/prendre-rdv/prescripteur?organisation=${f.arras}&service=${f.pmi}&motif=${motifKey('Inconnu', 'public_office')}&lieu=${f.lieu}&creneau=2027-03-23T08:00:00.000Z&prescripteur=1`;
		const loaded = (await runEvent(load, { path })) as { data: { context: unknown } };
		expect(loaded.data.context).toBeNull();
	});
});
