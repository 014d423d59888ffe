import { beforeAll, describe, expect, it } from 'vitest';
import { claimBuckets } from '../../src/lib/domain/calendar-keys.ts';
import { Absence, Lieu, Motif, Rdv, RdvClaim, Usager } from '../../src/lib/server/db/models/index.ts';
import { events } from '../../src/lib/server/events.ts';
import {
	bookRdv,
	cancelRdv,
	getRdv,
	moveRdv,
	type BookingActorInput,
	type BookingResult
} from '../../src/lib/server/services/booking.ts';
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
			expect(await cancelRdv(first.rdv.id, asAlice, 'revoked')).toMatchObject({ ok: false, code: 'invalid' });

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
		expect(await bookRdv(booking('2027-03-22', '11:00'), asCarla, NOW)).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		// Bob shares Alice's service: he may book her agenda.
		const asBob: BookingActorInput = { kind: 'agent', agent: f.agents.bob };
		const byBob = await bookRdv(booking('2027-03-22', '11:00'), asBob, NOW);
		expect(byBob.ok).toBe(true);
		if (!byBob.ok) return;
		expect(await getRdv(byBob.rdv.id, f.agents.carla)).toBeNull();
		expect(await getRdv(byBob.rdv.id, f.agents.bob)).toMatchObject({ id: byBob.rdv.id, createdBy: 'agent' });
		expect(await cancelRdv(byBob.rdv.id, asCarla, 'revoked')).toMatchObject({ ok: false, code: 'not_found' });
		// An usager books only for themselves or their relatives.
		const stranger = await Usager.create({
			firstName: 'Jeanne',
			lastName: 'Autre',
			profiles: [{ organisationId: f.arras }]
		});
		expect(
			await bookRdv(booking('2027-03-26', '11:30'), { kind: 'usager', usagerId: String(stranger._id) }, NOW)
		).toMatchObject({ ok: false, code: 'forbidden' });
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
