/**
 * The usager space against the real database: the online limits at their exact boundaries (4 h to cancel, 48 h
 * to move) enforced by the booking service itself, the creator rule, a relative's RDV handled by the responsible
 * and by nobody else (404), the lists, the profile's preferences, relatives edited and removed, and the account
 * deletion (refused with RDVs to come; anonymised otherwise, relatives too, sessions ended).
 */
import { isHttpError, type RequestEvent } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { Motif, Organisation, PlageOuverture, Rdv, RdvClaim, Usager } from '../../src/lib/server/db/models/index.ts';
import { UsagerSession } from '../../src/lib/server/db/models/usager-session.ts';
import { createUsagerSession } from '../../src/lib/server/auth/usager-session.ts';
import { bookRdv, cancelRdv, moveRdv, type BookingActorInput } from '../../src/lib/server/services/booking/index.ts';
import {
	ACCOUNT_HAS_UPCOMING_RDVS,
	cancelUsagerRdv,
	deleteUsagerAccount,
	getUsagerProfile,
	getUsagerRdv,
	listUsagerRdvs,
	moveUsagerRdv,
	updateNotificationPreferences,
	usagerMoveGrid
} from '../../src/lib/server/services/usager-space/index.ts';
import {
	addRelative,
	listRelatives,
	RELATIVE_HAS_UPCOMING_RDVS,
	removeRelative,
	updateRelative
} from '../../src/lib/server/services/public-booking/index.ts';
import { load as rdvPageLoad } from '../../src/routes/(public)/mon-espace/rdvs/[rdvId]/+page.server.ts';
import { actions as rdvPageActions } from '../../src/routes/(public)/mon-espace/rdvs/[rdvId]/+page.server.ts';
import { requestEvent } from '../helpers/request-event.ts';
import {
	bookFixtureRdv,
	createSchedulingFixture,
	NOW,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

const HOUR = 3_600_000;
const PHONE = '03 21 00 00 00';

let f: SchedulingFixture;
let lea: string;
let tom: string;
let marc: string;
let asLea: BookingActorInput;
let asMarc: BookingActorInput;

async function newUsager(firstName: string, extra: Record<string, unknown> = {}) {
	const u = await Usager.create({ firstName, lastName: 'Test', profiles: [{ organisationId: f.arras }], ...extra });
	return String(u._id);
}

/** Books online as `actor` for `usagerId` (the usager's own booking: createdBy usager). */
async function bookOnlineAt(day: string, time: string, usagerId: string, actor: BookingActorInput = asLea) {
	const result = await bookRdv(
		{
			organisationId: f.arras,
			motifId: f.motif,
			startsAt: paris(day, time),
			lieuId: f.lieu,
			agentIds: [f.alice],
			usagerIds: [usagerId]
		},
		actor,
		NOW
	);
	if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
	return result.rdv;
}

const statusOf = async (rdvId: string) => (await Rdv.findById(rdvId).lean())?.status;

beforeAll(async () => {
	f = await createSchedulingFixture();
	const arras = await Organisation.findById(f.arras);
	arras!.phone = PHONE;
	await arras!.save();
	lea = await newUsager('Léa', { email: `lea-${f.arras}@example.org` });
	tom = String((await Usager.create({ firstName: 'Tom', lastName: 'Test', responsibleId: lea }))._id);
	marc = await newUsager('Marc');
	asLea = { kind: 'usager', usagerId: lea };
	asMarc = { kind: 'usager', usagerId: marc };
});

describe('cancelling online: 4 hours before at the latest', () => {
	it('refuses a millisecond past the limit, naming whom to call, and writes nothing', async () => {
		const rdv = await bookOnlineAt('2027-03-22', '10:00', lea);
		const start = paris('2027-03-22', '10:00').getTime();
		const late = await cancelUsagerRdv(lea, rdv.id, { now: new Date(start - 4 * HOUR + 1) });
		expect(late).toMatchObject({
			ok: false,
			code: 'forbidden',
			message: `Ce RDV ne peut plus être annulé en ligne moins de 4 heures avant : appelez MDS Arras au ${PHONE}.`
		});
		expect(await statusOf(rdv.id)).toBe('unknown');

		const inTime = await cancelUsagerRdv(lea, rdv.id, { now: new Date(start - 4 * HOUR) });
		expect(inTime.ok).toBe(true);
		expect(await statusOf(rdv.id)).toBe('excused');
		// The time is free again for others.
		expect(await RdvClaim.countDocuments({ rdvId: rdv.id })).toBe(0);
		// Cancelled: a second cancel says so rather than a time limit.
		expect(await cancelUsagerRdv(lea, rdv.id, { now: NOW })).toMatchObject({
			ok: false,
			code: 'conflict',
			reason: 'already_cancelled'
		});
	});

	it('refuses when the motif does not allow it, even well ahead', async () => {
		const rdv = await bookOnlineAt('2027-03-22', '11:00', lea);
		await Motif.updateOne({ _id: f.motif }, { rdvsCancellableByUser: false });
		try {
			const refused = await cancelUsagerRdv(lea, rdv.id, { now: NOW });
			expect(refused).toMatchObject({ ok: false, code: 'forbidden' });
			expect(!refused.ok && refused.message).toMatch(/^Ce RDV ne peut pas être annulé en ligne : appelez MDS Arras/);
			expect(await statusOf(rdv.id)).toBe('unknown');
		} finally {
			await Motif.updateOne({ _id: f.motif }, { rdvsCancellableByUser: true });
		}
		expect((await cancelUsagerRdv(lea, rdv.id, { now: NOW })).ok).toBe(true);
	});
});

describe('moving online: 48 hours before at the latest, never an RDV fixed by the service', () => {
	it('refuses a millisecond past 48 hours, then moves at exactly 48 hours', async () => {
		const rdv = await bookOnlineAt('2027-03-23', '10:00', lea);
		const start = paris('2027-03-23', '10:00').getTime();
		const target = paris('2027-03-25', '10:00').toISOString();
		const late = await moveUsagerRdv(lea, rdv.id, { startsAt: target }, new Date(start - 48 * HOUR + 1));
		expect(late).toMatchObject({
			ok: false,
			code: 'forbidden',
			message: `Ce RDV ne peut plus être déplacé en ligne moins de 48 heures avant : appelez MDS Arras au ${PHONE}.`
		});
		expect((await Rdv.findById(rdv.id).lean())?.startsAt.getTime()).toBe(start);

		const moved = await moveUsagerRdv(lea, rdv.id, { startsAt: target }, new Date(start - 48 * HOUR));
		expect(moved).toMatchObject({ ok: true });
		expect((await Rdv.findById(rdv.id).lean())?.startsAt.toISOString()).toBe(target);
		await cancelRdv(rdv.id, asLea, 'excused', { now: NOW });
	});

	it('refuses an RDV created by an agent, but lets the usager cancel it', async () => {
		const rdv = await bookFixtureRdv(f, '2027-03-24', '09:00', { usagerIds: [lea], now: NOW });
		const refused = await moveUsagerRdv(lea, rdv.id, { startsAt: paris('2027-03-26', '09:00').toISOString() }, NOW);
		expect(refused).toMatchObject({
			ok: false,
			code: 'forbidden',
			message: `Ce RDV a été fixé par le service : pour le déplacer, appelez MDS Arras au ${PHONE}.`
		});
		const card = await getUsagerRdv(lea, rdv.id, NOW);
		expect(card?.actions.move).toMatchObject({ allowed: false, reason: { code: 'created_by_agent' } });
		expect(card?.actions.cancel).toEqual({ allowed: true });
		expect(await usagerMoveGrid(lea, rdv.id, undefined, NOW)).toMatchObject({ ok: false, code: 'forbidden' });
		expect((await cancelUsagerRdv(lea, rdv.id, { now: NOW })).ok).toBe(true);
	});

	it('offers a grid of the RDV’s own agent only, and moves to one of its slots', async () => {
		const rdv = await bookOnlineAt('2027-04-14', '09:00', lea);
		// Bob is free at 09:00 that day: the funnel's grid would offer it, but the usager cannot change agents.
		await PlageOuverture.create({
			agentId: f.bob,
			organisationId: f.arras,
			title: 'Permanence de Bob',
			lieuId: f.lieu,
			motifIds: [f.motif],
			firstDay: '2027-04-14',
			startTime: '09:00',
			endTime: '10:00',
			timeZone: 'Europe/Paris'
		});
		const result = await usagerMoveGrid(lea, rdv.id, '2027-04-14', NOW);
		expect(result.ok).toBe(true);
		if (!result.ok || !result.grid) throw new Error('grid expected');
		const slots = result.grid.days.flatMap((d) => d.slots);
		expect(slots.length).toBeGreaterThan(0);
		// Its own time is Alice's busy time: not offered, although Bob is free then.
		expect(slots.map((s) => s.startsAt)).not.toContain(paris('2027-04-14', '09:00').toISOString());
		const moved = await moveUsagerRdv(lea, rdv.id, { startsAt: slots[0].startsAt }, NOW);
		expect(moved.ok).toBe(true);
		await cancelRdv(rdv.id, asLea, 'excused', { now: NOW });
	});

	it('answers a taken slot with the neutral message and leaves the RDV where it was', async () => {
		const mine = await bookOnlineAt('2027-03-30', '09:00', lea);
		const other = await bookOnlineAt('2027-03-30', '10:00', marc, asMarc);
		const taken = await moveUsagerRdv(lea, mine.id, { startsAt: paris('2027-03-30', '10:00').toISOString() }, NOW);
		expect(taken).toMatchObject({ ok: false, code: 'conflict', message: 'Ce créneau n’est plus disponible.' });
		expect((await Rdv.findById(mine.id).lean())?.startsAt.toISOString()).toBe(
			paris('2027-03-30', '09:00').toISOString()
		);
		await cancelRdv(mine.id, asLea, 'excused', { now: NOW });
		await cancelRdv(other.id, asMarc, 'excused', { now: NOW });
	});
});

describe('a relative’s RDV', () => {
	it('is listed, moved and cancelled by the responsible, and is unknown to anyone else', async () => {
		const rdv = await bookOnlineAt('2027-03-31', '09:00', tom);
		const lists = await listUsagerRdvs(lea, NOW);
		const card = lists.upcoming.find((r) => r.id === rdv.id);
		expect(card?.people).toEqual([{ id: tom, name: 'Tom Test', self: false }]);
		expect(lists.people.map((p) => p.name)).toEqual(['Léa Test', 'Tom Test']);

		// Marc: neither sees nor changes it, and cannot tell it exists.
		expect(await getUsagerRdv(marc, rdv.id, NOW)).toBeNull();
		expect((await listUsagerRdvs(marc, NOW)).upcoming.map((r) => r.id)).not.toContain(rdv.id);
		const notFound = { ok: false, code: 'not_found', message: 'RDV introuvable.' };
		expect(await cancelUsagerRdv(marc, rdv.id, { now: NOW })).toEqual(notFound);
		expect(await moveUsagerRdv(marc, rdv.id, { startsAt: paris('2027-04-01', '09:00').toISOString() }, NOW)).toEqual(
			notFound
		);
		expect(await usagerMoveGrid(marc, rdv.id, undefined, NOW)).toEqual({ ok: false, code: 'not_found' });

		const moved = await moveRdv(rdv.id, { startsAt: paris('2027-04-01', '09:00').toISOString() }, asLea, NOW);
		expect(moved.ok).toBe(true);
		expect((await cancelUsagerRdv(lea, rdv.id, { now: NOW })).ok).toBe(true);
		expect(await statusOf(rdv.id)).toBe('excused');
	});

	it('answers 404 on the RDV page for another usager, and shows it to the responsible', async () => {
		const rdv = await bookOnlineAt('2027-04-02', '09:00', tom);
		const pageEvent = (usagerId: string, method = 'GET', body?: FormData) => {
			const event = requestEvent({
				method,
				path: `/mon-espace/rdvs/${rdv.id}`,
				params: { rdvId: rdv.id },
				body
			}) as RequestEvent;
			event.locals.usager = { id: usagerId, email: 'x@example.org', via: 'email_code' };
			return event;
		};
		const status = async (run: () => unknown) => {
			try {
				await run();
				return 200;
			} catch (e) {
				if (isHttpError(e)) return e.status;
				throw e;
			}
		};
		expect(await status(() => rdvPageLoad(pageEvent(marc) as never))).toBe(404);
		const form = new FormData();
		form.set('confirmed', '1');
		expect(await status(() => rdvPageActions.cancel(pageEvent(marc, 'POST', form) as never))).toBe(404);
		expect(await statusOf(rdv.id)).toBe('unknown');
		const shown = (await rdvPageLoad(pageEvent(lea) as never)) as { rdv: { id: string } };
		expect(shown.rdv.id).toBe(rdv.id);
		// Without the confirmation flag the page asks first; nothing is cancelled.
		expect(await rdvPageActions.cancel(pageEvent(lea, 'POST', new FormData()) as never)).toEqual({ askCancel: true });
		expect(await statusOf(rdv.id)).toBe('unknown');
		expect(await rdvPageActions.cancel(pageEvent(lea, 'POST', form) as never)).toEqual({ cancelled: true });
		expect(await statusOf(rdv.id)).toBe('excused');
	});
});

describe('lists', () => {
	it('puts past RDVs in « Passés », latest first, with no action left', async () => {
		const first = await bookOnlineAt('2027-04-05', '09:00', lea);
		const second = await bookOnlineAt('2027-04-06', '09:00', lea);
		const later = new Date(paris('2027-04-07', '09:00'));
		const lists = await listUsagerRdvs(lea, later);
		const past = lists.past.filter((r) => [first.id, second.id].includes(r.id));
		expect(past.map((r) => r.id)).toEqual([second.id, first.id]);
		expect(past[0]).toMatchObject({
			statusLabel: 'Passé',
			dayLabel: 'mardi 6 avril 2027',
			timeLabel: '9h00',
			lieu: { name: 'MDS Arras centre' },
			organisation: { name: 'MDS Arras', phone: PHONE },
			actions: { cancel: { allowed: false, reason: { code: 'past' } }, move: { allowed: false } }
		});
		expect(lists.upcoming.map((r) => r.id)).not.toContain(first.id);
		await Rdv.deleteOne({ _id: first.id });
		await Rdv.deleteOne({ _id: second.id });
		await RdvClaim.deleteMany({ rdvId: { $in: [first.id, second.id] } });
	});
});

describe('profile and relatives', () => {
	it('saves the notification preferences', async () => {
		expect(await updateNotificationPreferences(lea, { notifyByEmail: true, notifyBySms: false })).toBe(true);
		expect(await getUsagerProfile(lea)).toMatchObject({ notifyByEmail: true, notifyBySms: false, firstName: 'Léa' });
		expect(await updateNotificationPreferences(lea, { notifyByEmail: false, notifyBySms: true })).toBe(true);
		expect(await getUsagerProfile(lea)).toMatchObject({ notifyByEmail: false, notifyBySms: true });
	});

	it('edits a relative, refuses someone else’s, removes one: detached when received, anonymised otherwise', async () => {
		const added = await addRelative(lea, { firstName: 'Zoé', lastName: 'Test', birthDate: '2019-05-04' });
		if (!added.ok) throw new Error(added.message);
		const zoe = added.relative.id;
		expect(
			await updateRelative(lea, zoe, { firstName: 'Zoé', lastName: 'Martin', birthDate: '2019-05-05' })
		).toMatchObject({ ok: true, relative: { lastName: 'Martin', birthDate: '2019-05-05' } });
		expect(await updateRelative(marc, zoe, { firstName: 'X', lastName: 'Y', birthDate: '2019-05-05' })).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		expect(await updateRelative(lea, zoe, { firstName: '', lastName: 'Y', birthDate: '' })).toMatchObject({
			ok: false,
			code: 'invalid',
			fieldErrors: { firstName: 'Saisissez le prénom.', birthDate: 'Saisissez la date de naissance.' }
		});

		// With an RDV to come: refused; once it is past: detached, the organisation keeps its record.
		const rdv = await bookOnlineAt('2027-04-08', '09:00', zoe);
		expect(await removeRelative(marc, zoe, NOW)).toMatchObject({ ok: false, code: 'not_found' });
		expect(await removeRelative(lea, zoe, NOW)).toEqual({
			ok: false,
			code: 'conflict',
			message: RELATIVE_HAS_UPCOMING_RDVS
		});
		expect(await removeRelative(lea, zoe, paris('2027-04-09', '09:00'))).toEqual({ ok: true, outcome: 'detached' });
		const detached = await Usager.findById(zoe).lean();
		expect(detached).toMatchObject({ firstName: 'Zoé', lastName: 'Martin' });
		expect(detached?.responsibleId).toBeUndefined();
		expect((await listRelatives(lea)).map((r) => r.id)).not.toContain(zoe);
		await Rdv.deleteOne({ _id: rdv.id });
		await RdvClaim.deleteMany({ rdvId: rdv.id });

		const never = await addRelative(lea, { firstName: 'Jules', lastName: 'Test', birthDate: '2020-01-01' });
		if (!never.ok) throw new Error(never.message);
		expect(await removeRelative(lea, never.relative.id, NOW)).toEqual({ ok: true, outcome: 'anonymised' });
		expect(await Usager.findById(never.relative.id).lean()).toMatchObject({
			firstName: 'Usager',
			lastName: 'supprimé',
			deletedAt: expect.any(Date)
		});
	});
});

describe('deleting the account', () => {
	it('is refused while an RDV is to come for a relative, then anonymises the usager and relatives and ends sessions', async () => {
		const email = `nina-${f.arras}@example.org`;
		const nina = await newUsager('Nina', {
			email,
			phone: '06 12 34 56 78',
			birthDate: '1990-02-03',
			address: { street: '3 rue Haute', postcode: '62000', city: 'Arras' }
		});
		const child = String((await Usager.create({ firstName: 'Léon', lastName: 'Test', responsibleId: nina }))._id);
		const asNina: BookingActorInput = { kind: 'usager', usagerId: nina };
		const rdv = await bookOnlineAt('2027-04-12', '09:00', child, asNina);
		await createUsagerSession(nina, 'email_code');
		await createUsagerSession(nina, 'email_code');

		expect(await deleteUsagerAccount(nina, NOW)).toEqual({
			ok: false,
			code: 'conflict',
			message: ACCOUNT_HAS_UPCOMING_RDVS,
			upcomingRdvIds: [rdv.id]
		});
		expect(await Usager.findById(nina).lean()).toMatchObject({ firstName: 'Nina', email });
		expect(await UsagerSession.countDocuments({ usagerId: nina })).toBe(2);

		// Once the RDV is past (or cancelled), the account goes.
		const after = paris('2027-04-13', '09:00');
		expect(await deleteUsagerAccount(nina, after)).toEqual({ ok: true, anonymisedRelatives: 1, endedSessions: 2 });
		const gone = await Usager.findById(nina).lean();
		expect(gone).toMatchObject({ firstName: 'Usager', lastName: 'supprimé', notifyByEmail: false, notifyBySms: false });
		for (const field of ['email', 'phone', 'birthDate', 'account'] as const) expect(gone?.[field]).toBeUndefined();
		expect(gone?.address?.street).toBeUndefined();
		expect(gone?.deletedAt).toEqual(after);
		expect(await Usager.findById(child).lean()).toMatchObject({ firstName: 'Usager', lastName: 'supprimé' });
		expect(await UsagerSession.countDocuments({ usagerId: nina })).toBe(0);
		// The past RDV keeps its participant, now anonymous; the address is free for a new account.
		expect((await Rdv.findById(rdv.id).lean())?.usagerIds.map(String)).toEqual([child]);
		await expect(Usager.create({ firstName: 'Nina', lastName: 'Test', email })).resolves.toBeTruthy();
		expect(await deleteUsagerAccount(nina, after)).toEqual({ ok: false, code: 'not_found' });
		expect(await listUsagerRdvs(nina, after)).toEqual({ people: [], upcoming: [], past: [] });
	});
});
