import { Error as MongooseError, Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	Absence,
	Motif,
	Organisation,
	PlageOuverture,
	Rdv,
	Service,
	Usager
} from '../../src/lib/server/db/models/index.ts';

/** The validation messages of a document, by path (empty when valid). */
async function errorsOf(doc: { validate(): Promise<void> }): Promise<Record<string, string>> {
	try {
		await doc.validate();
		return {};
	} catch (err) {
		if (!(err instanceof MongooseError.ValidationError)) throw err;
		return Object.fromEntries(Object.entries(err.errors).map(([path, e]) => [path, e.message]));
	}
}

let social: Types.ObjectId;
let secretariat: Types.ObjectId;
const organisationId = new Types.ObjectId();

beforeAll(async () => {
	social = (await Service.create({ name: 'Service social', shortName: 'Social' }))._id;
	secretariat = (await Service.create({ name: 'Secrétariat', shortName: 'Accueil', isSecretariat: true }))._id;
});

describe('Motif', () => {
	const base = () => ({
		organisationId,
		serviceId: social,
		name: 'Premier accueil',
		locationType: 'public_office' as const
	});

	it('has the documented defaults', async () => {
		const m = new Motif(base());
		expect(await errorsOf(m)).toEqual({});
		expect(m.toObject()).toMatchObject({
			durationMinutes: 30,
			bookableBy: 'agents',
			minBookingDelayMinutes: 30,
			maxBookingDelayMinutes: 90 * 24 * 60,
			collective: false,
			visibility: 'visible_and_notified',
			rdvsEditableByUser: true,
			rdvsCancellableByUser: true,
			followUp: false
		});
	});

	it('refuses a booking window whose maximum is not after its minimum', async () => {
		const errors = await errorsOf(new Motif({ ...base(), minBookingDelayMinutes: 2880, maxBookingDelayMinutes: 1440 }));
		expect(errors.maxBookingDelayMinutes).toMatch(/supérieur au délai minimum/);
		expect(await errorsOf(new Motif({ ...base(), maxBookingDelayMinutes: 400 * 24 * 60 }))).toHaveProperty(
			'maxBookingDelayMinutes'
		);
	});

	it('refuses odd durations, unknown location types, the secrétariat service and collective home visits', async () => {
		expect(await errorsOf(new Motif({ ...base(), durationMinutes: 32 }))).toHaveProperty('durationMinutes');
		expect(await errorsOf(new Motif({ ...base(), locationType: 'bus' }))).toHaveProperty('locationType');
		expect(await errorsOf(new Motif({ ...base(), serviceId: secretariat }))).toHaveProperty('serviceId');
		expect(await errorsOf(new Motif({ ...base(), locationType: 'home', collective: true }))).toHaveProperty(
			'collective'
		);
	});

	it('keeps names unique per organisation, service and location type, until soft deletion', async () => {
		const first = await Motif.create(base());
		await expect(Motif.create({ ...base(), name: ' premier ACCUEIL ' })).rejects.toMatchObject({ code: 11000 });
		await expect(Motif.create({ ...base(), locationType: 'phone' })).resolves.toBeTruthy();
		first.deletedAt = new Date();
		await first.save();
		expect((await Motif.findById(first._id).lean())?.nameKey).toBeUndefined();
		await expect(Motif.create(base())).resolves.toBeTruthy();
	});
});

describe('PlageOuverture', () => {
	const base = () => ({
		agentId: new Types.ObjectId(),
		organisationId,
		title: 'Permanence',
		motifIds: [new Types.ObjectId()],
		firstDay: '2026-11-23',
		startTime: '09:00',
		endTime: '12:00',
		timeZone: 'Europe/Paris' as const
	});

	it('refuses times off the 5-minute grain, reversed times and missing motifs', async () => {
		expect(await errorsOf(new PlageOuverture({ ...base(), startTime: '09:07' }))).toHaveProperty('startTime');
		expect(await errorsOf(new PlageOuverture({ ...base(), endTime: '25:00' }))).toHaveProperty('endTime');
		expect(await errorsOf(new PlageOuverture({ ...base(), startTime: '12:00', endTime: '09:00' }))).toHaveProperty(
			'endTime'
		);
		expect(await errorsOf(new PlageOuverture({ ...base(), motifIds: [] }))).toHaveProperty('motifIds');
		expect(await errorsOf(new PlageOuverture({ ...base(), firstDay: '2026-02-30' }))).toHaveProperty('firstDay');
		expect(await errorsOf(new PlageOuverture({ ...base(), timeZone: 'Europe/Berlin' }))).toHaveProperty('timeZone');
	});

	it('checks the recurrence and precomputes the last occurrence', async () => {
		const bad = new PlageOuverture({ ...base(), recurrence: { every: 'week', interval: 6, weekdays: [8] } });
		const errors = await errorsOf(bad);
		expect(errors).toHaveProperty(['recurrence.interval']);
		expect(errors).toHaveProperty(['recurrence.weekdays.0']);
		expect(
			await errorsOf(new PlageOuverture({ ...base(), recurrence: { every: 'week', until: '2026-11-01' } }))
		).toHaveProperty(['recurrence.until']);

		const endless = new PlageOuverture({ ...base(), recurrence: { every: 'week', weekdays: [1, 3] } });
		await endless.save();
		expect(endless.lastOccurrenceDay).toBeUndefined();
		const bounded = new PlageOuverture({
			...base(),
			recurrence: { every: 'week' as const, weekdays: [1], until: '2026-12-13' }
		});
		await bounded.save();
		expect(bounded.lastOccurrenceDay).toBe('2026-12-07');
		const single = await PlageOuverture.create(base());
		expect(single.lastOccurrenceDay).toBe('2026-11-23');
	});
});

describe('Absence', () => {
	const base = () => ({
		agentId: new Types.ObjectId(),
		title: 'Congés',
		firstDay: '2026-12-21',
		endDay: '2026-12-24',
		startTime: '08:00',
		endTime: '18:00',
		timeZone: 'Indian/Reunion' as const
	});

	it('spans days, but only a single-day absence may recur', async () => {
		expect(await errorsOf(new Absence(base()))).toEqual({});
		expect(await errorsOf(new Absence({ ...base(), endDay: '2026-12-20' }))).toHaveProperty('endDay');
		expect(await errorsOf(new Absence({ ...base(), recurrence: { every: 'week' } }))).toHaveProperty('recurrence');
		const weekly = await Absence.create({
			...base(),
			endDay: '2026-12-21',
			startTime: '14:00',
			endTime: '15:00',
			recurrence: { every: 'week' as const, until: '2027-01-31' }
		});
		expect(weekly.lastOccurrenceDay).toBe('2027-01-25');
		expect(await errorsOf(new Absence({ ...base(), endDay: '2026-12-21', endTime: '07:00' }))).toHaveProperty(
			'endTime'
		);
	});
});

describe('Rdv', () => {
	const base = () => ({
		// 22:00–23:00 UTC is 02:00–03:00 the next day in La Réunion.
		startsAt: new Date('2026-11-29T22:00:00Z'),
		endsAt: new Date('2026-11-29T23:00:00Z'),
		timeZone: 'Indian/Reunion',
		organisationId,
		motifId: new Types.ObjectId(),
		serviceId: social,
		locationType: 'public_office',
		agentIds: [new Types.ObjectId()],
		participants: [{ usagerId: new Types.ObjectId() }],
		createdBy: { kind: 'agent' }
	});

	it('precomputes the equality keys in the territory time zone', async () => {
		const rdv = new Rdv(base());
		expect(await errorsOf(rdv)).toEqual({});
		expect(rdv.days).toEqual(['2026-11-30']);
		expect(rdv.weeks).toEqual(['2026-W49']);
		expect(rdv.agentWeeks).toEqual([`${rdv.agentIds[0]}:2026-W49`]);
		expect(rdv.usagerIds.map(String)).toEqual([String(rdv.participants[0].usagerId)]);
		expect(rdv.durationMinutes).toBe(60);
		expect(rdv.status).toBe('unknown');
		expect(rdv.participants[0]).toMatchObject({
			status: 'unknown',
			sendLifecycleNotifications: true,
			sendReminderNotification: true
		});
	});

	it('refuses reversed times, no agent, no participant, a lieu and an address at once', async () => {
		expect(await errorsOf(new Rdv({ ...base(), endsAt: new Date('2026-11-29T21:00:00Z') }))).toHaveProperty('endsAt');
		expect(await errorsOf(new Rdv({ ...base(), agentIds: [] }))).toHaveProperty('agentIds');
		expect(await errorsOf(new Rdv({ ...base(), participants: [] }))).toHaveProperty('participants');
		expect(
			await errorsOf(new Rdv({ ...base(), lieuId: new Types.ObjectId(), singleUseAddress: '1 rue de Paris' }))
		).toHaveProperty('singleUseAddress');
		const usagerId = new Types.ObjectId();
		expect(await errorsOf(new Rdv({ ...base(), participants: [{ usagerId }, { usagerId }] }))).toHaveProperty(
			'participants'
		);
	});

	it('limits collective RDVs to their statuses and seats', async () => {
		const collective = { ...base(), collective: true, title: 'Atelier', maxParticipants: 1, participants: [] };
		expect(await errorsOf(new Rdv(collective))).toEqual({});
		expect(await errorsOf(new Rdv({ ...collective, status: 'noshow' }))).toHaveProperty('status');
		expect(
			await errorsOf(
				new Rdv({
					...collective,
					participants: [{ usagerId: new Types.ObjectId() }, { usagerId: new Types.ObjectId() }]
				})
			)
		).toHaveProperty('participants');
	});
});

describe('Usager', () => {
	it('normalises the phone, flags mobiles and refuses invalid numbers', async () => {
		const u = new Usager({ firstName: 'Océane', lastName: 'Técher', phone: '0692 12 34 56' });
		expect(await errorsOf(u)).toEqual({});
		expect(u.phone).toBe('+262692123456');
		expect(u.phoneIsMobile).toBe(true);
		const landline = new Usager({ firstName: 'Jean', lastName: 'Caron', phone: '03 21 12 34 56' });
		await landline.validate();
		expect(landline.phoneIsMobile).toBe(false);
		expect(await errorsOf(new Usager({ firstName: 'A', lastName: 'B', phone: '12 34' }))).toHaveProperty('phone');
		expect(await errorsOf(new Usager({ firstName: 'A' }))).toHaveProperty('lastName');
	});

	it('precomputes the duplicate key and the organisation keys', async () => {
		const org2 = new Types.ObjectId();
		const referent = new Types.ObjectId();
		const u = new Usager({
			firstName: 'Hélène',
			lastName: 'Lefèvre',
			birthDate: '1980-04-02',
			profiles: [{ organisationId }, { organisationId: org2, referentAgentIds: [referent] }]
		});
		await u.validate();
		expect(u.nameBirthKey).toBe('helene|lefevre|1980-04-02');
		expect(u.organisationIds.map(String)).toEqual([String(organisationId), String(org2)]);
		expect(u.referentAgentIds.map(String)).toEqual([String(referent)]);
		expect(u.notifyBySms && u.notifyByEmail).toBe(true);
	});

	it('keeps relatives one level deep (no cycles)', async () => {
		const parent = await Usager.create({ firstName: 'Marie', lastName: 'Dupont' });
		const child = await Usager.create({ firstName: 'Léo', lastName: 'Dupont', responsibleId: parent._id });
		parent.responsibleId = child._id;
		expect(await errorsOf(parent)).toHaveProperty('responsibleId');
		const self = new Usager({ firstName: 'Moi', lastName: 'Même' });
		self.responsibleId = self._id;
		expect(await errorsOf(self)).toHaveProperty('responsibleId');
		expect(
			await errorsOf(new Usager({ firstName: 'X', lastName: 'Y', responsibleId: new Types.ObjectId() }))
		).toHaveProperty('responsibleId');
	});
});

describe('Organisation', () => {
	it('derives its slug and keeps names unique per territory', async () => {
		const territoryId = new Types.ObjectId();
		const org = await Organisation.create({ territoryId, name: 'CCAS de Béthune' });
		expect(org.slug).toBe('ccas-de-bethune');
		await expect(Organisation.create({ territoryId, name: 'CCAS de Béthune' })).rejects.toMatchObject({ code: 11000 });
		await expect(
			Organisation.create({ territoryId: new Types.ObjectId(), name: 'CCAS de Béthune' })
		).resolves.toBeTruthy();
	});
});
