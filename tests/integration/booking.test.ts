import { beforeAll, describe, expect, it } from 'vitest';
import { claimBuckets } from '../../src/lib/domain/calendar-keys.ts';
import { Absence, Rdv, RdvClaim, Usager } from '../../src/lib/server/db/models/index.ts';
import { events } from '../../src/lib/server/events.ts';
import {
	bookRdv,
	cancelRdv,
	getRdv,
	moveRdv,
	type BookingActorInput,
	type BookingResult
} from '../../src/lib/server/services/booking.ts';
import { createSchedulingFixture, NOW, paris, type SchedulingFixture } from '../helpers/scheduling-fixture.ts';

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
		// Starts 09:00, 09:05 … 09:20 (30 min): every pair overlaps (all cover 09:20–09:30).
		const day = '2027-03-22';
		const results = await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				bookRdv(booking(day, `09:${String((i % 5) * 5).padStart(2, '0')}`), asAlice, NOW)
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
	it('asks an agent to confirm an absence overlap without writing, then books with override', async () => {
		const input = booking('2027-03-23', '09:00');
		const first = await bookRdv(input, asAlice, NOW);
		expect(first).toMatchObject({ ok: false, code: 'needs_confirmation' });
		expect(!first.ok && first.warnings?.map((w) => w.code)).toEqual(['absence_overlap']);
		expect(await Rdv.countDocuments({ agentIds: f.alice, days: '2027-03-23' })).toBe(0);

		const confirmed = await bookRdv({ ...input, override: true }, asAlice, NOW);
		expect(confirmed.ok).toBe(true);
	});

	it('lets an agent override an overlap with another RDV, never an usager', async () => {
		const input = booking('2027-03-23', '10:30');
		const taken = await bookRdv(input, asAlice, NOW);
		expect(taken.ok).toBe(true);

		expect(await bookRdv({ ...input, override: true }, asUsager, NOW)).toMatchObject({ ok: false, code: 'forbidden' });
		expect(await bookRdv(input, asUsager, NOW)).toMatchObject({ ok: false, code: 'conflict' });
		const overlap = await bookRdv(input, asAlice, NOW);
		expect(overlap).toMatchObject({ ok: false, code: 'needs_confirmation' });
		expect(!overlap.ok && overlap.warnings?.[0].code).toBe('rdv_overlap');
		expect(await Rdv.countDocuments({ agentIds: f.alice, days: '2027-03-23' })).toBe(2);

		const forced = await bookRdv({ ...input, override: true }, asAlice, NOW);
		expect(forced.ok).toBe(true);
		expect(await Rdv.countDocuments({ agentIds: f.alice, days: '2027-03-23' })).toBe(3);
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
		const a = await bookRdv(booking('2027-04-01', '09:00'), asAlice, NOW);
		const b = await bookRdv(booking('2027-04-01', '10:00'), asAlice, NOW);
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
