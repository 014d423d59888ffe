import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { claimBuckets } from '../../src/lib/domain/calendar-keys.ts';
import { Agent, Rdv, RdvClaim, RdvRevision } from '../../src/lib/server/db/models/index.ts';
import {
	claimAgentTime,
	ClaimConflictError,
	claimRdvRevision,
	reconcileClaims,
	releaseClaims,
	StaleVersionError,
	syncClaims
} from '../../src/lib/server/services/claims.ts';

const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00Z`);
const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

describe('claimAgentTime', () => {
	it('lets exactly one of 50 concurrent overlapping claims win, leaving no orphan', async () => {
		const agentId = new Types.ObjectId();
		// Every attempt overlaps every other: starts within 09:00–09:25, 30 to 55 minutes long.
		const attempts = Array.from({ length: 50 }, (_, i) => {
			const startsAt = minutes(at('09:00'), (i % 6) * 5);
			return { rdvId: new Types.ObjectId(), startsAt, endsAt: minutes(startsAt, 30 + (i % 6) * 5) };
		});
		const results = await Promise.allSettled(
			attempts.map((a) => claimAgentTime([agentId], a.startsAt, a.endsAt, a.rdvId))
		);
		const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [attempts[i]] : []));
		expect(winners).toHaveLength(1);
		for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ClaimConflictError);

		const [winner] = winners;
		const claims = await RdvClaim.find({ agentId }).lean();
		expect(claims).toHaveLength(claimBuckets(winner.startsAt, winner.endsAt).length);
		expect(claims.every((c) => c.rdvId.equals(winner.rdvId))).toBe(true);

		// Release, then the same time can be claimed again by another RDV.
		expect(await releaseClaims(winner.rdvId)).toBe(claims.length);
		expect(await RdvClaim.countDocuments({ agentId })).toBe(0);
		const next = new Types.ObjectId();
		await expect(claimAgentTime([agentId], winner.startsAt, winner.endsAt, next)).resolves.toMatchObject({
			claimed: claims.length
		});
	});

	it('lets back-to-back RDVs both claim, and reports who holds a conflicting bucket', async () => {
		const agentId = new Types.ObjectId();
		const first = new Types.ObjectId();
		await claimAgentTime([agentId], at('10:00'), at('10:30'), first);
		await claimAgentTime([agentId], at('10:30'), at('11:00'), new Types.ObjectId());
		const err = await claimAgentTime([agentId], at('09:45'), at('10:15'), new Types.ObjectId()).catch((e) => e);
		expect(err).toBeInstanceOf(ClaimConflictError);
		expect((err as ClaimConflictError).conflict).toMatchObject({ agentId: String(agentId), rdvId: String(first) });
		// The failed claim gave back its 09:45–09:55 buckets.
		expect(await RdvClaim.countDocuments({ agentId, bucket: at('09:45') })).toBe(0);
	});

	it('claims every agent of a multi-agent RDV or none of them', async () => {
		const [a, b] = [new Types.ObjectId(), new Types.ObjectId()];
		const busy = new Types.ObjectId();
		await claimAgentTime([b], at('14:20'), at('14:40'), busy);
		const rdvId = new Types.ObjectId();
		await expect(claimAgentTime([a, b], at('14:00'), at('15:00'), rdvId)).rejects.toBeInstanceOf(ClaimConflictError);
		expect(await RdvClaim.countDocuments({ rdvId })).toBe(0);
		expect(await RdvClaim.countDocuments({ agentId: b })).toBe(4);
	});

	it('moves an RDV: keeps the shared buckets, claims the new ones, releases the old ones', async () => {
		const agentId = new Types.ObjectId();
		const rdvId = new Types.ObjectId();
		await claimAgentTime([agentId], at('08:00'), at('08:30'), rdvId);
		const moved = await syncClaims([agentId], at('08:15'), at('08:45'), rdvId);
		expect(moved).toEqual({ claimed: 3, released: 3, overlapped: 0 });
		const buckets = (await RdvClaim.find({ rdvId }).lean()).map((c) => c.bucket.toISOString()).sort();
		expect(buckets).toEqual(claimBuckets(at('08:15'), at('08:45')).map((d) => d.toISOString()));
	});

	it('takes only the free buckets when an agent overrides the overlap warning', async () => {
		const agentId = new Types.ObjectId();
		await claimAgentTime([agentId], at('16:00'), at('16:30'), new Types.ObjectId());
		const rdvId = new Types.ObjectId();
		const result = await claimAgentTime([agentId], at('16:15'), at('16:45'), rdvId, { allowOverlap: true });
		expect(result).toEqual({ claimed: 3, overlapped: 3 });
		expect(await RdvClaim.countDocuments({ rdvId })).toBe(3);
	});
});

describe('claimRdvRevision', () => {
	it('lets one of concurrent writers of the same version through', async () => {
		const rdvId = new Types.ObjectId();
		const results = await Promise.allSettled(Array.from({ length: 20 }, () => claimRdvRevision(rdvId, 0)));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StaleVersionError);
		await expect(claimRdvRevision(rdvId, 1)).resolves.toBe(2);
		expect(await RdvRevision.countDocuments({ rdvId })).toBe(2);
		// The RDV model itself starts at version 0.
		expect(new Rdv().version).toBe(0);
	});
});

describe('reconcileClaims', () => {
	it('releases the claims of RDVs never saved or cancelled without release, and drops past ones', async () => {
		const agent = await Agent.create({ email: 'claims@test.fr', firstName: 'Cla', lastName: 'Im' });
		const agentId = agent._id;
		const tomorrow = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 86_400_000 + 9 * 3_600_000);
		const slot = (hours: number) => [minutes(tomorrow, hours * 60), minutes(tomorrow, hours * 60 + 30)] as const;
		const rdvFields = (startsAt: Date, endsAt: Date) => ({
			startsAt,
			endsAt,
			timeZone: 'Europe/Paris',
			organisationId: new Types.ObjectId(),
			motifId: new Types.ObjectId(),
			serviceId: new Types.ObjectId(),
			locationType: 'phone',
			agentIds: [agentId],
			participants: [{ usagerId: new Types.ObjectId() }],
			createdBy: { kind: 'agent' }
		});

		// An active RDV and its claims: kept.
		const active = await new Rdv(rdvFields(...slot(0))).save();
		await claimAgentTime([agentId], ...slot(0), active._id);
		// A booking that crashed after claiming: its RDV was never saved.
		const neverSaved = new Types.ObjectId();
		await claimAgentTime([agentId], ...slot(1), neverSaved);
		// A cancellation that crashed before releasing.
		const cancelled = await new Rdv({ ...rdvFields(...slot(2)), status: 'revoked' }).save();
		await claimAgentTime([agentId], ...slot(2), cancelled._id);
		// A booking in flight right now (claimed a moment ago, not saved yet): left alone.
		const inFlight = new Types.ObjectId();
		await claimAgentTime([agentId], ...slot(3), inFlight);
		await RdvClaim.updateMany(
			{ rdvId: { $in: [active._id, neverSaved, cancelled._id] } },
			{ $set: { createdAt: new Date(Date.now() - 60 * 60_000) } }
		);
		// A claim of last week.
		const old = new Types.ObjectId();
		await claimAgentTime([agentId], minutes(tomorrow, -8 * 24 * 60), minutes(tomorrow, -8 * 24 * 60 + 30), old);

		const result = await reconcileClaims(new Date());
		expect(result.past).toBe(claimBuckets(...slot(0)).length);
		expect(result.orphans).toBe(2 * claimBuckets(...slot(0)).length);
		const left = await RdvClaim.find({ agentId }).lean();
		expect([...new Set(left.map((c) => String(c.rdvId)))].sort()).toEqual(
			[String(active._id), String(inFlight)].sort()
		);

		// The freed time can be claimed again.
		await expect(claimAgentTime([agentId], ...slot(1), new Types.ObjectId())).resolves.toBeTruthy();
	});
});
