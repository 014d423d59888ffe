import fc from 'fast-check';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimBuckets } from '../../src/lib/domain/calendar-keys.ts';
import { addDays } from '../../src/lib/domain/local-time.ts';
import { Absence, Lieu, Motif, Rdv, RdvClaim, Usager } from '../../src/lib/server/db/models/index.ts';
import { events } from '../../src/lib/server/events.ts';
import { claimAgentTime } from '../../src/lib/server/services/claims.ts';
import { searchCreneaux } from '../../src/lib/server/services/creneaux.ts';
import {
	bookRdv,
	cancelRdv,
	getRdv,
	moveRdv,
	type BookingActorInput,
	type BookingResult
} from '../../src/lib/server/services/booking/index.ts';
import {
	createFixtureUsager,
	createFixtureUsagers,
	createSchedulingFixture,
	NOW,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;
let asAlice: BookingActorInput;
let asUsager: BookingActorInput;

const booking = (day: string, time: string, extra: Record<string, unknown> = {}) => ({
	organisationId: f.arras,
	motifId: f.motif,
	startsAt: paris(day, time),
	lieuId: f.lieu,
	agentIds: [f.alice],
	usagerIds: [f.usager],
	...extra
});

const claimsOf = async (rdvId: string) => RdvClaim.countDocuments({ rdvId });
const winners = (results: BookingResult[]) => results.filter((r): r is Extract<BookingResult, { ok: true }> => r.ok);

beforeAll(async () => {
	f = await createSchedulingFixture();
	asAlice = { kind: 'agent', agent: f.agents.alice };
	asUsager = { kind: 'usager', usagerId: f.usager };
	await Absence.create({
		agentId: f.alice,
		title: 'Réunion',
		firstDay: '2027-03-23',
		endDay: '2027-03-23',
		startTime: '09:00',
		endTime: '10:00',
		timeZone: 'Europe/Paris'
	});
});

describe('bookRdv under concurrency', () => {
	it('lets exactly one of 50 concurrent overlapping agent bookings through, leaving nothing behind', async () => {
		// Starts 09:00, 09:05 … 09:20 (30 min): every pair overlaps (all cover 09:20–09:30). One usager each, so
		// that only the agent's time is contended (not the usager's own RDVs).
		const day = '2027-03-22';
		const usagers = await createFixtureUsagers(f, 50);
		const results = await Promise.all(
			usagers.map((usager, i) =>
				bookRdv(booking(day, `09:${String((i % 5) * 5).padStart(2, '0')}`, { usagerIds: [usager] }), asAlice, NOW)
			)
		);
		const won = winners(results);
		expect(won).toHaveLength(1);
		for (const r of results.filter((x) => !x.ok)) {
			// An agent learns of the taken time either from the claims or, once the winner is saved, from the
			// rules (an overlap to confirm): never a write.
			expect(['conflict', 'needs_confirmation']).toContain(r.code);
			expect(r.message).toMatch(/plus disponible|déjà un RDV/);
		}
		// Most losers only learn it from the claims (they checked the rules before the winner saved).
		expect(results.some((r) => !r.ok && r.code === 'conflict')).toBe(true);
		const winner = won[0].rdv;
		const agentRdvs = await Rdv.find({ agentIds: f.alice, days: day });
		expect(agentRdvs.map((r) => String(r._id))).toEqual([winner.id]);
		const buckets = claimBuckets(new Date(winner.startsAt), new Date(winner.endsAt)).length;
		expect(buckets).toBe(6);
		expect(await RdvClaim.countDocuments({ agentId: f.alice })).toBe(buckets);
		expect(await claimsOf(winner.id)).toBe(buckets);
	});

	it('gives every losing online booking a plain conflict', async () => {
		const day = '2027-03-24';
		const before = await RdvClaim.countDocuments({ agentId: f.alice });
		const results = await Promise.all(Array.from({ length: 20 }, () => bookRdv(booking(day, '10:00'), asUsager, NOW)));
		expect(winners(results)).toHaveLength(1);
		for (const r of results.filter((x) => !x.ok)) {
			expect(r.code).toBe('conflict');
			expect(r.message).toMatch(/plus disponible/);
		}
		expect(await Rdv.countDocuments({ agentIds: f.alice, days: day })).toBe(1);
		expect(await RdvClaim.countDocuments({ agentId: f.alice })).toBe(before + 6);
	});
});

describe('cancel and re-book', () => {
	it('frees the time on cancel so it can be booked again', async () => {
		const cancelled: string[] = [];
		const off = events.on('rdv.cancelled', (e) => void cancelled.push(e.rdvId));
		try {
			const first = await bookRdv(booking('2027-03-25', '11:00'), asAlice, NOW);
			if (!first.ok) throw new Error(first.message);
			expect(await claimsOf(first.rdv.id)).toBe(6);

			const again = await bookRdv(booking('2027-03-25', '11:00'), asUsager, NOW);
			expect(again).toMatchObject({ ok: false, code: 'conflict' });

			const cancel = await cancelRdv(first.rdv.id, asAlice, 'revoked');
			expect(cancel).toMatchObject({ ok: true, rdv: { status: 'revoked', version: 1 } });
			expect(cancel.ok && cancel.rdv.participants[0].status).toBe('revoked');
			expect(await claimsOf(first.rdv.id)).toBe(0);
			expect(cancelled).toContain(first.rdv.id);
			expect(await cancelRdv(first.rdv.id, asAlice, 'revoked')).toMatchObject({
				ok: false,
				code: 'conflict',
				reason: 'already_cancelled',
				message: 'Ce RDV est déjà annulé.'
			});

			const rebooked = await bookRdv(booking('2027-03-25', '11:00'), asUsager, NOW);
			expect(rebooked).toMatchObject({ ok: true, rdv: { createdBy: 'usager', status: 'unknown' } });
		} finally {
			off();
		}
	});

	it('refuses a cancel based on a stale version', async () => {
		const rdv = await bookRdv(booking('2027-03-26', '09:00'), asAlice, NOW);
		if (!rdv.ok) throw new Error(rdv.message);
		await Rdv.updateOne({ _id: rdv.rdv.id }, { version: 3 });
		expect(await cancelRdv(rdv.rdv.id, asAlice, 'revoked', { expectedVersion: 0 })).toMatchObject({
			ok: false,
			code: 'conflict'
		});
	});
});

describe('warnings and override', () => {
	it('asks an agent to confirm an absence overlap without writing, then books once confirmed', async () => {
		const input = booking('2027-03-23', '09:00');
		const first = await bookRdv(input, asAlice, NOW);
		expect(first).toMatchObject({ ok: false, code: 'needs_confirmation' });
		expect(!first.ok && first.warnings?.map((w) => w.code)).toEqual(['absence_overlap']);
		expect(await Rdv.countDocuments({ agentIds: f.alice, days: '2027-03-23' })).toBe(0);

		const confirmed = await bookRdv({ ...input, confirm: true }, asAlice, NOW);
		expect(confirmed.ok).toBe(true);
	});

	it('lets an agent override an overlap with another RDV, never an usager', async () => {
		// Usagers other than the 09:00 one: the overlap is the agent's, not theirs.
		const [first, second] = [await createFixtureUsager(f), await createFixtureUsager(f)];
		const asFirst: BookingActorInput = { kind: 'usager', usagerId: first };
		const input = booking('2027-03-23', '10:30', { usagerIds: [first] });
		const taken = await bookRdv(input, asAlice, NOW);
		expect(taken.ok).toBe(true);

		expect(await bookRdv({ ...input, confirm: true }, asFirst, NOW)).toMatchObject({ ok: false, code: 'forbidden' });
		expect(await bookRdv(input, asFirst, NOW)).toMatchObject({ ok: false, code: 'conflict' });
		const other = { ...input, usagerIds: [second] };
		const overlap = await bookRdv(other, asAlice, NOW);
		expect(overlap).toMatchObject({ ok: false, code: 'needs_confirmation' });
		expect(!overlap.ok && overlap.warnings?.map((w) => w.code)).toEqual(['rdv_overlap']);
		expect(await Rdv.countDocuments({ agentIds: f.alice, days: '2027-03-23' })).toBe(2);

		const forced = await bookRdv({ ...other, confirm: true }, asAlice, NOW);
		expect(forced.ok).toBe(true);
		expect(await Rdv.countDocuments({ agentIds: f.alice, days: '2027-03-23' })).toBe(3);
	});
});

describe('the usager’s own RDVs', () => {
	const day = '2027-04-02';
	let usager: string;
	let asHim: BookingActorInput;
	let asBob: BookingActorInput;
	let first: Extract<BookingResult, { ok: true }>['rdv'];

	beforeAll(async () => {
		usager = await createFixtureUsager(f, { firstName: 'Hugo' });
		asHim = { kind: 'usager', usagerId: usager };
		asBob = { kind: 'agent', agent: f.agents.bob };
		// With Bob (outside his plages, which is only a notice): Alice's slot at that time stays free, so only the
		// usager's own RDV can refuse the bookings below.
		const booked = await bookRdv(booking(day, '09:00', { usagerIds: [usager], agentIds: [f.bob] }), asBob, NOW);
		if (!booked.ok) throw new Error(booked.message);
		first = booked.rdv;
	});

	it('refuses an identical RDV to an agent, even with another agent and confirmed', async () => {
		const again = await bookRdv(booking(day, '09:00', { usagerIds: [usager], confirm: true }), asAlice, NOW);
		expect(again).toMatchObject({
			ok: false,
			code: 'conflict',
			message: 'Ce RDV existe déjà : même usager, même motif, même heure.',
			errors: [{ code: 'duplicate_rdv', rdvIds: [first.id] }]
		});
		expect(await Rdv.countDocuments({ usagerIds: usager })).toBe(1);
	});

	it('answers the usager and a prescripteur with the neutral message only', async () => {
		const prescripteur: BookingActorInput = {
			kind: 'prescripteur',
			prescripteur: { firstName: 'Léa', lastName: 'Social', email: 'lea@example.org' }
		};
		for (const actor of [asHim, prescripteur]) {
			const result = await bookRdv(booking(day, '09:00', { usagerIds: [usager] }), actor, NOW);
			expect(result).toMatchObject({ ok: false, code: 'conflict', message: 'Ce créneau n’est plus disponible.' });
			expect(JSON.stringify(result)).not.toMatch(/existe déjà|duplicate|même jour/);
		}
		// The same day for the same motif, online: refused the same way, never to confirm.
		const sameDay = await bookRdv(booking(day, '11:00', { usagerIds: [usager] }), asHim, NOW);
		expect(sameDay).toMatchObject({ ok: false, code: 'conflict', message: 'Ce créneau n’est plus disponible.' });
		expect(await bookRdv(booking(day, '11:00', { usagerIds: [usager], confirm: true }), asHim, NOW)).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		expect(await Rdv.countDocuments({ usagerIds: usager })).toBe(1);
	});

	it('asks an agent to confirm the same motif the same day, then books', async () => {
		const input = booking(day, '11:00', { usagerIds: [usager] });
		const asked = await bookRdv(input, asAlice, NOW);
		expect(asked).toMatchObject({
			ok: false,
			code: 'needs_confirmation',
			warnings: [
				{
					code: 'usager_same_day',
					message: 'L’usager a déjà un RDV pour ce motif le même jour (à 9h00).',
					usagerId: usager,
					rdvIds: [first.id]
				}
			]
		});
		expect(await Rdv.countDocuments({ usagerIds: usager })).toBe(1);
		const confirmed = await bookRdv({ ...input, confirm: true }, asAlice, NOW);
		expect(confirmed.ok).toBe(true);
		if (confirmed.ok) expect((await cancelRdv(confirmed.rdv.id, asAlice, 'revoked')).ok).toBe(true);
	});

	it('asks an agent to confirm an RDV right after another one in another lieu', async () => {
		const annexe = await Lieu.create({
			organisationId: f.arras,
			name: 'Annexe Arras sud',
			address: '5 rue du Sud, 62000 Arras'
		});
		// Another motif (not the same-day rule), 09:30 at the annexe, right after 09:00–09:30 at the centre.
		const bilan = await Motif.create({
			organisationId: f.arras,
			serviceId: f.pmi,
			name: 'Bilan de santé',
			durationMinutes: 30,
			locationType: 'public_office'
		});
		const input = booking(day, '09:30', {
			motifId: String(bilan._id),
			usagerIds: [usager],
			lieuId: String(annexe._id),
			agentIds: [f.bob]
		});
		const asked = await bookRdv(input, asBob, NOW);
		expect(asked).toMatchObject({ ok: false, code: 'needs_confirmation' });
		expect(!asked.ok && asked.warnings).toEqual([
			{
				code: 'usager_consecutive_elsewhere',
				message: 'L’usager a un autre RDV dans un autre lieu qui se termine à 9h30, juste avant celui-ci.',
				usagerId: usager,
				rdvIds: [first.id]
			}
		]);
		// Only an agent may confirm it.
		expect(await bookRdv({ ...input, confirm: true }, asHim, NOW)).toMatchObject({ ok: false, code: 'forbidden' });
		const confirmed = await bookRdv({ ...input, confirm: true }, asBob, NOW);
		expect(confirmed.ok).toBe(true);
	});

	it('checks the usager again when an RDV moves', async () => {
		const other = await bookRdv(booking('2027-04-05', '10:00', { usagerIds: [usager] }), asAlice, NOW);
		if (!other.ok) throw new Error(other.message);
		// Onto the first RDV's day and time: identical to it.
		const onto = await moveRdv(other.rdv.id, { startsAt: paris(day, '09:00'), confirm: true }, asAlice, NOW);
		expect(onto).toMatchObject({ ok: false, code: 'conflict', errors: [{ code: 'duplicate_rdv' }] });
		const sameDay = await moveRdv(other.rdv.id, { startsAt: paris(day, '10:30') }, asAlice, NOW);
		expect(sameDay).toMatchObject({ ok: false, code: 'needs_confirmation', warnings: [{ code: 'usager_same_day' }] });
		// Within its own day, the RDV does not conflict with itself.
		expect((await moveRdv(other.rdv.id, { startsAt: paris('2027-04-05', '11:00') }, asAlice, NOW)).ok).toBe(true);
	});
});

describe('validation and permissions', () => {
	it('rejects bad input with French messages', async () => {
		const bad = await bookRdv({ ...booking('2027-03-22', '11:00'), motifId: 'nope' }, asAlice, NOW);
		expect(bad).toMatchObject({ ok: false, code: 'invalid' });
		expect(!bad.ok && bad.fieldErrors?.motifId).toBe('Identifiant invalide.');
		expect(await bookRdv({ ...booking('2027-03-22', '11:00'), usagerIds: [] }, asAlice, NOW)).toMatchObject({
			ok: false,
			code: 'invalid',
			message: 'Choisissez au moins un usager.'
		});
		expect(await bookRdv({ ...booking('2027-03-22', '11:00'), lieuId: undefined }, asAlice, NOW)).toMatchObject({
			ok: false,
			code: 'invalid',
			message: 'Choisissez le lieu du RDV.'
		});
		// Online bookings must fit a free slot exactly.
		expect(await bookRdv(booking('2027-03-22', '12:00'), asUsager, NOW)).toMatchObject({ ok: false, code: 'conflict' });
	});

	it('keeps agents to the agendas and motifs they may edit', async () => {
		const asCarla: BookingActorInput = { kind: 'agent', agent: f.agents.carla };
		// The PMI motif is out of Carla's sight (Service social): it reads as unknown (see below).
		expect(await bookRdv(booking('2027-03-22', '11:00'), asCarla, NOW)).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		// Bob shares Alice's service: he may book her agenda.
		const asBob: BookingActorInput = { kind: 'agent', agent: f.agents.bob };
		const byBob = await bookRdv(booking('2027-03-22', '11:00'), asBob, NOW);
		expect(byBob.ok).toBe(true);
		if (!byBob.ok) return;
		expect(await getRdv(byBob.rdv.id, f.agents.carla)).toBeNull();
		expect(await getRdv(byBob.rdv.id, f.agents.bob)).toMatchObject({ id: byBob.rdv.id, createdBy: 'agent' });
		expect(await cancelRdv(byBob.rdv.id, asCarla, 'revoked')).toMatchObject({ ok: false, code: 'not_found' });
		// An usager books only for themselves or their relatives; someone else's id reads as an unknown one.
		const stranger = await Usager.create({
			firstName: 'Jeanne',
			lastName: 'Autre',
			profiles: [{ organisationId: f.arras }]
		});
		const asStranger: BookingActorInput = { kind: 'usager', usagerId: String(stranger._id) };
		const message = 'Usager introuvable : vous ne pouvez prendre RDV que pour vous-même ou vos proches.';
		const notTheirs = { ok: false, code: 'invalid', message, fieldErrors: { usagerIds: message } };
		expect(await bookRdv(booking('2027-03-26', '11:30'), asStranger, NOW)).toEqual(notTheirs);
		const unknown = booking('2027-03-26', '11:30', { usagerIds: [new Types.ObjectId().toHexString()] });
		expect(await bookRdv(unknown, asStranger, NOW)).toEqual(notTheirs);
	});

	it('answers a motif of another service, and another organisation, like unknown ones', async () => {
		const asCarla: BookingActorInput = { kind: 'agent', agent: f.agents.carla };
		const motif = { ok: false, code: 'not_found', message: 'Motif introuvable.' };
		expect(await bookRdv(booking('2027-03-26', '11:30'), asCarla, NOW)).toEqual(motif);
		const unknownMotif = booking('2027-03-26', '11:30', { motifId: new Types.ObjectId().toHexString() });
		expect(await bookRdv(unknownMotif, asCarla, NOW)).toEqual(motif);
		const asBob: BookingActorInput = { kind: 'agent', agent: f.agents.bob };
		const organisation = { ok: false, code: 'not_found', message: 'Organisation introuvable.' };
		const lens = booking('2027-03-26', '11:30', { organisationId: f.lens, motifId: f.lensMotif, lieuId: f.lensLieu });
		expect(await bookRdv(lens, asBob, NOW)).toEqual(organisation);
		const nowhere = booking('2027-03-26', '11:30', { organisationId: new Types.ObjectId().toHexString() });
		expect(await bookRdv(nowhere, asBob, NOW)).toEqual(organisation);
	});
});

describe('what the warnings tell about RDVs out of the agent’s sight', () => {
	const asBob = (): BookingActorInput => ({ kind: 'agent', agent: f.agents.bob });
	/** Alice, member of both organisations, books herself in Lens (outside her plages: a notice only). */
	const bookInLens = async (day: string, time: string, usagerId: string) => {
		const lens = await bookRdv(
			booking(day, time, {
				organisationId: f.lens,
				motifId: f.lensMotif,
				lieuId: f.lensLieu,
				usagerIds: [usagerId]
			}),
			asAlice,
			NOW
		);
		if (!lens.ok) throw new Error(lens.message);
		return lens.rdv.id;
	};

	it('warns of an overlap with another organisation’s or service’s RDV without naming it, and still guards the time', async () => {
		const day = '2027-05-04';
		const lensRdv = await bookInLens(day, '10:00', await createFixtureUsager(f, { lens: true }));
		// In Arras, a Service social RDV on Alice's agenda: Bob (PMI) edits her agenda but may not see it.
		const social = await Motif.create({
			organisationId: f.arras,
			serviceId: f.social,
			name: 'Accompagnement social',
			durationMinutes: 30,
			locationType: 'public_office'
		});
		// Saved as the social service would (Alice, PMI, may not book that motif herself).
		const socialRdv = String(
			(
				await new Rdv({
					startsAt: paris(day, '11:00'),
					endsAt: paris(day, '11:30'),
					timeZone: 'Europe/Paris',
					organisationId: f.arras,
					motifId: social._id,
					serviceId: f.social,
					locationType: 'public_office',
					lieuId: f.lieu,
					agentIds: [f.alice],
					participants: [{ usagerId: await createFixtureUsager(f) }],
					createdBy: { kind: 'agent', agentId: f.carla }
				}).save()
			)._id
		);

		const engagement = {
			code: 'rdv_overlap',
			message: 'L’agent a un autre engagement sur ce créneau.',
			agentId: f.alice
		};
		for (const [time, hiddenId] of [
			['10:00', lensRdv],
			['11:00', socialRdv]
		] as const) {
			const input = booking(day, time, { usagerIds: [await createFixtureUsager(f)] });
			const asked = await bookRdv(input, asBob(), NOW);
			expect(asked).toMatchObject({ ok: false, code: 'needs_confirmation' });
			expect(!asked.ok && asked.warnings).toEqual([engagement]);
			expect(JSON.stringify(asked), time).not.toContain(hiddenId);
			// Alice sees both RDVs (her own, in both organisations): hers are named.
			const toAlice = await bookRdv(input, asAlice, NOW);
			expect(!toAlice.ok && toAlice.warnings).toEqual([
				{ code: 'rdv_overlap', message: 'L’agent a déjà un RDV sur ce créneau.', agentId: f.alice, rdvIds: [hiddenId] }
			]);
		}
		expect(await Rdv.countDocuments({ agentIds: f.alice, days: day })).toBe(2);
		// Moving onto it asks the same, unnamed.
		const elsewhere = await bookRdv(booking(day, '09:00', { usagerIds: [await createFixtureUsager(f)] }), asBob(), NOW);
		if (!elsewhere.ok) throw new Error(elsewhere.message);
		const moved = await moveRdv(elsewhere.rdv.id, { startsAt: paris(day, '10:00') }, asBob(), NOW);
		expect(!moved.ok && moved.warnings).toEqual([engagement]);
		// Confirmed, the agent books over it, as over any conflict.
		const confirmed = await bookRdv(
			booking(day, '10:00', { usagerIds: [await createFixtureUsager(f)], confirm: true }),
			asBob(),
			NOW
		);
		expect(confirmed.ok).toBe(true);
	});

	it('says nothing of the usager’s RDVs in another organisation right before or after', async () => {
		const day = '2027-05-05';
		const usager = await createFixtureUsager(f, { lens: true });
		const lensRdv = await bookInLens(day, '09:00', usager);
		// Bob's own agenda (outside his plages: a notice), 09:30 in Arras, right after 09:00–09:30 in Lens.
		const input = booking(day, '09:30', { usagerIds: [usager], agentIds: [f.bob] });
		// Alice works in Lens too: she is told, with the RDV's id.
		const toAlice = await bookRdv(input, asAlice, NOW);
		expect(!toAlice.ok && toAlice.warnings).toEqual([
			expect.objectContaining({ code: 'usager_consecutive_elsewhere', usagerId: usager, rdvIds: [lensRdv] })
		]);
		// Bob is not: the usager's whereabouts in Lens are none of his business, and nothing is there to confirm.
		const byBob = await bookRdv(input, asBob(), NOW);
		expect(byBob).toMatchObject({ ok: true });
		expect(JSON.stringify(byBob)).not.toContain(lensRdv);
	});
});

describe('moveRdv', () => {
	it('moves the claims with the RDV and asks before moving onto another RDV', async () => {
		// Three usagers (two RDVs, then an online booking): only the agent's time is at stake.
		const [ua, ub] = [await createFixtureUsager(f), await createFixtureUsager(f)];
		const a = await bookRdv(booking('2027-04-01', '09:00', { usagerIds: [ua] }), asAlice, NOW);
		const b = await bookRdv(booking('2027-04-01', '10:00', { usagerIds: [ub] }), asAlice, NOW);
		if (!a.ok || !b.ok) throw new Error('setup');
		const moved = await moveRdv(a.rdv.id, { startsAt: paris('2027-04-01', '11:00') }, asAlice, NOW);
		expect(moved).toMatchObject({
			ok: true,
			rdv: { startsAt: paris('2027-04-01', '11:00').toISOString(), version: 1 }
		});
		const claims = await RdvClaim.find({ rdvId: a.rdv.id }).sort({ bucket: 1 }).lean();
		expect(claims.map((c) => c.bucket.toISOString())).toEqual(
			claimBuckets(paris('2027-04-01', '11:00'), paris('2027-04-01', '11:30')).map((d) => d.toISOString())
		);
		// 09:00 is free again.
		expect((await bookRdv(booking('2027-04-01', '09:00'), asUsager, NOW)).ok).toBe(true);

		const onto = await moveRdv(a.rdv.id, { startsAt: paris('2027-04-01', '10:00') }, asAlice, NOW);
		expect(onto).toMatchObject({ ok: false, code: 'needs_confirmation' });
		expect(await claimsOf(a.rdv.id)).toBe(6);
	});
});

describe('the 5-minute grain of the claims', () => {
	it('refuses a start off the grain, seconds, milliseconds and a duration that is no multiple of 5', async () => {
		const grain = 'L’heure de début doit tomber sur un multiple de 5 minutes (9h00, 9h05, 9h10…), sans secondes.';
		const at0907 = await bookRdv(booking('2027-04-12', '10:07'), asAlice, NOW);
		expect(at0907).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { startsAt: grain } });
		const seconds = new Date(paris('2027-04-12', '10:00').getTime() + 30_000);
		expect(await bookRdv({ ...booking('2027-04-12', '10:00'), startsAt: seconds }, asAlice, NOW)).toMatchObject({
			ok: false,
			fieldErrors: { startsAt: grain }
		});
		const millis = new Date(paris('2027-04-12', '10:00').getTime() + 1);
		expect(await bookRdv({ ...booking('2027-04-12', '10:00'), startsAt: millis }, asUsager, NOW)).toMatchObject({
			ok: false,
			fieldErrors: { startsAt: grain }
		});
		expect(await bookRdv({ ...booking('2027-04-12', '09:00'), durationMinutes: 7 }, asAlice, NOW)).toMatchObject({
			ok: false,
			fieldErrors: { durationMinutes: 'La durée doit être un multiple de 5 minutes.' }
		});
		expect(await Rdv.countDocuments({ agentIds: f.alice, days: '2027-04-12' })).toBe(0);

		const rdv = await bookRdv(booking('2027-04-12', '09:00'), asAlice, NOW);
		if (!rdv.ok) throw new Error(rdv.message);
		expect(await moveRdv(rdv.rdv.id, { startsAt: paris('2027-04-12', '10:07') }, asAlice, NOW)).toMatchObject({
			ok: false,
			fieldErrors: { startsAt: grain }
		});
		expect(
			await moveRdv(rdv.rdv.id, { startsAt: paris('2027-04-12', '10:00'), durationMinutes: 12 }, asAlice, NOW)
		).toMatchObject({ ok: false, fieldErrors: { durationMinutes: 'La durée doit être un multiple de 5 minutes.' } });
		expect(await claimsOf(rdv.rdv.id)).toBe(6);
	});

	it('refuses RDVs in years 1900 and 9999 with a clear message', async () => {
		const range = 'Date hors limites : choisissez un moment entre l’an 2000 et la fin de l’an 2100.';
		for (const startsAt of [new Date('1900-03-05T09:00:00Z'), new Date('9999-03-05T09:00:00Z')]) {
			const result = await bookRdv({ ...booking('2027-04-12', '09:00'), startsAt }, asAlice, NOW);
			expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { startsAt: range } });
		}
		const rdv = await bookRdv(booking('2027-04-13', '09:00'), asAlice, NOW);
		if (!rdv.ok) throw new Error(rdv.message);
		expect(
			await moveRdv(rdv.rdv.id, { startsAt: new Date('9999-12-31T23:55:00Z'), durationMinutes: 10 }, asAlice, NOW)
		).toMatchObject({ ok: false, fieldErrors: { startsAt: range } });
	});

	describe('every slot the engine offers can be booked, whatever the RDVs already there', () => {
		let g: SchedulingFixture;
		let usagers: string[];
		const DAY = '2027-04-14';

		beforeAll(async () => {
			// A world of its own: each run starts from an empty day of this agent.
			g = await createSchedulingFixture({ departement: '59' });
			usagers = await createFixtureUsagers(g, 6);
		});

		/** An RDV saved before the grain rule, with the claims its booking took then (every bucket it touched). */
		async function legacyRdv(startsAt: Date, endsAt: Date) {
			const rdv = await Rdv.create({
				startsAt,
				endsAt,
				timeZone: 'Europe/Paris',
				organisationId: g.arras,
				motifId: g.motif,
				serviceId: g.pmi,
				locationType: 'public_office',
				lieuId: g.lieu,
				agentIds: [g.alice],
				participants: [{ usagerId: g.usager }],
				createdBy: { kind: 'agent', agentId: g.alice }
			});
			await claimAgentTime([g.alice], startsAt, endsAt, rdv._id, { allowOverlap: true });
		}

		const slotsOfDay = async () => {
			const result = await searchCreneaux({
				organisationId: g.arras,
				motifId: g.motif,
				from: DAY,
				to: addDays(DAY, 1),
				audience: 'usager',
				now: NOW
			});
			return result?.slots ?? [];
		};

		it('restarts on the grain after 7 minutes at 09:00, and the usager books 09:10', async () => {
			await legacyRdv(paris(DAY, '09:00'), paris(DAY, '09:07'));
			const slots = await slotsOfDay();
			expect(slots.map((s) => s.time)).toEqual(['09:10', '09:40', '10:10', '10:40', '11:10']);
			const booked = await bookRdv(
				{
					organisationId: g.arras,
					motifId: g.motif,
					startsAt: paris(DAY, '09:10'),
					lieuId: g.lieu,
					agentIds: [g.alice],
					usagerIds: [usagers[0]]
				},
				{ kind: 'usager', usagerId: usagers[0] },
				NOW
			);
			expect(booked).toMatchObject({ ok: true });
			await Rdv.deleteMany({ agentIds: g.alice });
			await RdvClaim.deleteMany({ agentId: g.alice });
		});

		it('on random RDVs at any minute, second and duration (property, real database)', async () => {
			const legacy = fc.record({
				minute: fc.integer({ min: 8 * 60 + 30, max: 12 * 60 }),
				ms: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 59_999 })),
				durationMs: fc.oneof(
					fc.integer({ min: 1, max: 45 }).map((m) => m * 60_000),
					fc.integer({ min: 1, max: 45 * 60_000 })
				)
			});
			await fc.assert(
				fc.asyncProperty(fc.array(legacy, { maxLength: 4 }), async (rdvs) => {
					try {
						for (const r of rdvs) {
							const start = paris(DAY, '00:00').getTime() + r.minute * 60_000 + r.ms;
							await legacyRdv(new Date(start), new Date(start + r.durationMs));
						}
						const slots = await slotsOfDay();
						for (const [i, slot] of slots.entries()) {
							const usagerId = usagers[i % usagers.length];
							const result = await bookRdv(
								{
									organisationId: g.arras,
									motifId: g.motif,
									startsAt: slot.startsAt,
									lieuId: slot.lieuId,
									agentIds: [slot.agentId],
									usagerIds: [usagerId]
								},
								{ kind: 'usager', usagerId },
								NOW
							);
							expect(result.ok ? 'booked' : `${result.code}: ${result.message}`, `${slot.time}`).toBe('booked');
						}
					} finally {
						await Rdv.deleteMany({ agentIds: g.alice });
						await RdvClaim.deleteMany({ agentId: g.alice });
					}
				}),
				{ numRuns: 12 }
			);
		}, 180_000);
	});
});

describe('cancelling, once', () => {
	it('lets exactly one of 10 concurrent cancels through; the others hear « déjà annulé », whatever the timing', async () => {
		const rdv = await bookRdv(booking('2027-04-15', '09:00'), asAlice, NOW);
		if (!rdv.ok) throw new Error(rdv.message);
		const results = await Promise.all(Array.from({ length: 10 }, () => cancelRdv(rdv.rdv.id, asAlice, 'revoked')));
		expect(winners(results)).toHaveLength(1);
		for (const r of results.filter((x) => !x.ok))
			expect(r).toMatchObject({ code: 'conflict', reason: 'already_cancelled', message: 'Ce RDV est déjà annulé.' });
		expect(await claimsOf(rdv.rdv.id)).toBe(0);
		expect(await Rdv.findById(rdv.rdv.id).lean()).toMatchObject({ status: 'revoked', version: 1 });
		// Later, and with the version read before the cancel: the same answer, not a stale-version conflict.
		expect(await cancelRdv(rdv.rdv.id, asAlice, 'excused', { expectedVersion: 0 })).toMatchObject({
			reason: 'already_cancelled'
		});
	});

	it('answers a move of a cancelled RDV the same way, also when the cancel wins a race with it', async () => {
		const rdv = await bookRdv(booking('2027-04-15', '10:00'), asAlice, NOW);
		if (!rdv.ok) throw new Error(rdv.message);
		const to = paris('2027-04-15', '11:00');
		const [cancelled, moved] = await Promise.all([
			cancelRdv(rdv.rdv.id, asAlice, 'revoked'),
			moveRdv(rdv.rdv.id, { startsAt: to }, asAlice, NOW)
		]);
		// Either the move went first and the cancel followed, or the move lost to the cancel: never 422 or a
		// stale-version conflict for a cancelled RDV, and never claims left behind.
		if (cancelled.ok && !moved.ok) expect(moved).toMatchObject({ code: 'conflict', reason: 'already_cancelled' });
		else expect(moved.ok).toBe(true);
		expect(await moveRdv(rdv.rdv.id, { startsAt: to }, asAlice, NOW)).toMatchObject({
			code: 'conflict',
			reason: 'already_cancelled'
		});
		const final = await Rdv.findById(rdv.rdv.id).lean();
		if (final?.status === 'revoked') expect(await claimsOf(rdv.rdv.id)).toBe(0);
	});
});
