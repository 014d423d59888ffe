/**
 * No double booking, without transactions: an RDV claims one RdvClaim document per agent and 5-minute bucket
 * it covers. The unique index {agentId, bucket} lets exactly one concurrent claimer insert a given bucket.
 *
 * Inserts are ORDERED, in one global order (agent id, then time): a claimer stops at the first bucket someone
 * else holds and gives back what it took. With every claimer walking buckets in the same order, among
 * claimers that all overlap at least one always gets through (no "each got half" outcome, which unordered
 * inserts allow), and never two.
 */
import { Types } from 'mongoose';
import { claimBuckets } from '../../domain/calendar-keys.ts';
import { isActiveRdvStatus } from '../../domain/slots.ts';
import type { RdvStatus } from '../../domain/types.ts';
import { Agent } from '../db/models/agent.ts';
import { Rdv } from '../db/models/rdv.ts';
import { RdvClaim } from '../db/models/rdv-claim.ts';
import { RdvRevision } from '../db/models/rdv-revision.ts';

type Id = string | Types.ObjectId;

const DUPLICATE_KEY = 11000;

export interface ClaimConflict {
	agentId: string;
	bucket: Date;
	/** The RDV holding the bucket, when it still does. */
	rdvId?: string;
}

export class ClaimConflictError extends Error {
	override name = 'ClaimConflictError';
	readonly conflict: ClaimConflict;
	constructor(conflict: ClaimConflict) {
		super('Ce créneau n’est plus disponible pour cet agent.');
		this.conflict = conflict;
	}
}

export class StaleVersionError extends Error {
	override name = 'StaleVersionError';
	constructor() {
		super('Ce RDV a été modifié entre-temps par quelqu’un d’autre : rechargez-le avant d’enregistrer.');
	}
}

interface BulkError {
	code?: number;
	writeErrors?: { index: number; code: number }[] | { index: number; code: number };
}

function firstWriteError(err: unknown): { index: number; code: number } | undefined {
	const w = (err as BulkError | undefined)?.writeErrors;
	return Array.isArray(w) ? w[0] : w;
}

function isDuplicateKey(err: unknown): boolean {
	return (err as BulkError | undefined)?.code === DUPLICATE_KEY || firstWriteError(err)?.code === DUPLICATE_KEY;
}

const keyOf = (agentId: string, bucket: Date) => `${agentId}|${bucket.getTime()}`;

/** The claims an RDV needs, in the global order every claimer follows. */
function wantedClaims(agentIds: Id[], startsAt: Date, endsAt: Date) {
	const buckets = claimBuckets(startsAt, endsAt);
	return [...new Set(agentIds.map(String))].sort().flatMap((agentId) => buckets.map((bucket) => ({ agentId, bucket })));
}

export interface ClaimOptions {
	/**
	 * An agent explicitly overrode the overlap warning: take the free buckets, leave the taken ones to their
	 * holders, never throw. Online booking never sets this.
	 */
	allowOverlap?: boolean;
}

/**
 * Claim the agents' time for an RDV (the RDV id may not be saved yet). Buckets the RDV already holds are kept,
 * so moving an RDV claims only the new part (then `syncClaims` drops the old one). Throws ClaimConflictError
 * when another RDV holds one of the buckets; nothing of this call is left behind then.
 */
export async function claimAgentTime(
	agentIds: Id[],
	startsAt: Date,
	endsAt: Date,
	rdvId: Id,
	options: ClaimOptions = {}
): Promise<{ claimed: number; overlapped: number }> {
	const { claimed, overlapped } = await claimNew(agentIds, startsAt, endsAt, rdvId, options);
	return { claimed, overlapped };
}

type HeldClaim = { _id: Types.ObjectId; agentId: Types.ObjectId; bucket: Date };

/** claimAgentTime's work; also gives the claims the RDV held before, so that syncClaims reads them only once. */
async function claimNew(
	agentIds: Id[],
	startsAt: Date,
	endsAt: Date,
	rdvId: Id,
	options: ClaimOptions
): Promise<{ held: HeldClaim[]; claimed: number; overlapped: number }> {
	const rdv = new Types.ObjectId(String(rdvId));
	const held: HeldClaim[] = await RdvClaim.find({ rdvId: rdv }, { agentId: 1, bucket: 1 }).lean();
	const heldKeys = new Set(held.map((c) => keyOf(String(c.agentId), c.bucket)));
	const docs = wantedClaims(agentIds, startsAt, endsAt)
		.filter((c) => !heldKeys.has(keyOf(c.agentId, c.bucket)))
		.map((c) => ({
			_id: new Types.ObjectId(),
			agentId: new Types.ObjectId(c.agentId),
			bucket: c.bucket,
			rdvId: rdv,
			createdAt: new Date()
		}));
	if (docs.length === 0) return { held, claimed: 0, overlapped: 0 };

	try {
		await RdvClaim.insertMany(docs, { ordered: !options.allowOverlap, lean: true });
		return { held, claimed: docs.length, overlapped: 0 };
	} catch (err) {
		if (options.allowOverlap && isDuplicateKey(err)) {
			const failed = (err as BulkError).writeErrors;
			const overlapped = Array.isArray(failed) ? failed.length : 1;
			return { held, claimed: docs.length - overlapped, overlapped };
		}
		// Give back whatever this call inserted (ids are ours and fresh, so this touches nothing else).
		await RdvClaim.deleteMany({ rdvId: rdv, _id: { $in: docs.map((d) => d._id) } });
		if (!isDuplicateKey(err)) throw err;
		const blocked = docs[firstWriteError(err)?.index ?? 0];
		const holder = await RdvClaim.findOne({ agentId: blocked.agentId, bucket: blocked.bucket }).lean();
		throw new ClaimConflictError({
			agentId: String(blocked.agentId),
			bucket: blocked.bucket,
			rdvId: holder ? String(holder.rdvId) : undefined
		});
	}
}

/**
 * Make an RDV's claims match its (new) agents and times: claim the new buckets first, then release the ones
 * it no longer covers. On conflict the RDV keeps its previous claims untouched.
 */
export async function syncClaims(
	agentIds: Id[],
	startsAt: Date,
	endsAt: Date,
	rdvId: Id,
	options: ClaimOptions = {}
): Promise<{ claimed: number; released: number; overlapped: number }> {
	const rdv = new Types.ObjectId(String(rdvId));
	const { held, claimed, overlapped } = await claimNew(agentIds, startsAt, endsAt, rdv, options);
	// What it held before and no longer covers (the claims just taken are all wanted): the RDV's claims change
	// only under its reserved version (reschedule.ts), so they are read once, not again after claiming.
	const wanted = new Set(wantedClaims(agentIds, startsAt, endsAt).map((c) => keyOf(c.agentId, c.bucket)));
	const stale = held.filter((c) => !wanted.has(keyOf(String(c.agentId), c.bucket)));
	if (stale.length > 0) await RdvClaim.deleteMany({ rdvId: rdv, _id: { $in: stale.map((c) => c._id) } });
	return { claimed, released: stale.length, overlapped };
}

/** Free an RDV's time (cancelled or deleted RDV). Returns the number of claims removed. */
export async function releaseClaims(rdvId: Id): Promise<number> {
	const { deletedCount } = await RdvClaim.deleteMany({ rdvId: new Types.ObjectId(String(rdvId)) });
	return deletedCount;
}

export type RevisionChange = 'update' | 'cancel';

/**
 * Optimistic concurrency for an RDV at `expectedVersion`: reserve `expectedVersion + 1` before saving it.
 * Exactly one of concurrent writers starting from the same version succeeds; the others get
 * StaleVersionError. Call it, then set `rdv.version = expectedVersion + 1` and save.
 */
export async function claimRdvRevision(
	rdvId: Id,
	expectedVersion: number,
	agentId?: Id,
	change: RevisionChange = 'update',
	summary?: string
): Promise<number> {
	const version = expectedVersion + 1;
	try {
		await RdvRevision.create({
			rdvId: new Types.ObjectId(String(rdvId)),
			version,
			agentId: agentId ? new Types.ObjectId(String(agentId)) : undefined,
			change,
			summary
		});
	} catch (err) {
		if (isDuplicateKey(err)) throw new StaleVersionError();
		throw err;
	}
	return version;
}

/**
 * Whether a version of the RDV after `version` was reserved by a cancel. The reservation is inserted before
 * the winner saves the RDV, so a writer that lost the race learns at once that the RDV is being cancelled, not
 * only once the winner's save lands (which is what made concurrent losers answer by timing). Selected by
 * the RDV id (an equality); an RDV has few versions.
 */
export async function cancelledAfter(rdvId: Id, version: number): Promise<boolean> {
	const later = await RdvRevision.find({ rdvId: new Types.ObjectId(String(rdvId)) }, { version: 1, change: 1 }).lean();
	return later.some((r) => r.version > version && r.change === 'cancel');
}

/** Claims younger than this may belong to a booking still in flight (claimed, not saved yet). */
export const CLAIM_GRACE_MS = 15 * 60_000;
/** Past buckets stop mattering a day later (no booking races for them any more). */
const PAST_CLAIMS_KEPT_MS = 24 * 60 * 60_000;

/**
 * Nightly repair, agent by agent (equality on agentId): drops claims of past buckets, and releases the claims
 * of RDVs that do not exist or are cancelled — left by a crash between claiming and saving, or between
 * cancelling and releasing — which would otherwise block that time for good. Each holder older than the
 * grace period is checked against the RDV itself (one lookup by id per RDV holding future time).
 */
export async function reconcileClaims(
	now: Date,
	graceMs = CLAIM_GRACE_MS
): Promise<{ agents: number; past: number; orphans: number }> {
	const agents = await Agent.find({}, { _id: 1 }).lean();
	let past = 0;
	let orphans = 0;
	for (const { _id: agentId } of agents) {
		past += (await RdvClaim.deleteMany({ agentId, bucket: { $lt: new Date(now.getTime() - PAST_CLAIMS_KEPT_MS) } }))
			.deletedCount;
		const claims = await RdvClaim.find({ agentId }, { rdvId: 1, createdAt: 1 }).lean();
		if (claims.length === 0) continue;
		const suspects = new Set(
			claims.filter((c) => now.getTime() - (c.createdAt?.getTime() ?? 0) > graceMs).map((c) => String(c.rdvId))
		);
		for (const rdvId of suspects) {
			const rdv = await Rdv.findById(rdvId, { status: 1 }).lean();
			if (!rdv || !isActiveRdvStatus(rdv.status as RdvStatus)) orphans += await releaseClaims(rdvId);
		}
	}
	return { agents: agents.length, past, orphans };
}
