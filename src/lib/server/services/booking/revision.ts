/**
 * Saving a change to an existing RDV under optimistic concurrency (the revision claims), and telling a writer
 * who lost to a newer change who made it and what it was.
 */
import { Types } from 'mongoose';
import type { BookingIssue } from '../../../domain/booking-rules.ts';
import { Agent } from '../../db/models/agent.ts';
import type { RdvDoc } from '../../db/models/rdv.ts';
import { RdvRevision } from '../../db/models/rdv-revision.ts';
import { events } from '../../events.ts';
import { StaleVersionError, cancelledAfter, claimRdvRevision, type RevisionChange } from '../claims.ts';
import { docDto } from './dto.ts';
import {
	alreadyCancelled,
	fail,
	validationFailure,
	type BookingFailure,
	type BookingResult,
	type ChangedBy
} from './result.ts';

export interface SaveRevisionOptions {
	notices?: BookingIssue[];
	/** Undo what was done before saving (claims of a move), when the version was taken or the save failed. */
	onStale?: () => Promise<unknown>;
	/**
	 * The answer when the version was lost to a cancel (reserved before that cancel saves, so the loser knows
	 * at once), instead of `onStale` and the stale-version conflict.
	 */
	ifCancelled?: () => BookingFailure | Promise<BookingFailure>;
	/**
	 * Work that needs the version reserved first (a move's claims: two writers syncing one RDV's claims at once
	 * would drop each other's), run before saving; its refusal gives the version back.
	 */
	beforeSave?: () => Promise<BookingFailure | null>;
	/** Undo `beforeSave` when the save fails. */
	undoBeforeSave?: () => Promise<unknown>;
	/** What the change did, in a few French words, for the RDV's history. */
	summary?: string;
	/** Recorded as a cancel (concurrent writers then hear « déjà annulé »); by default when the event is one. */
	change?: RevisionChange;
}

/**
 * Saves a changed RDV under optimistic concurrency: reserve version + 1 (recording whether it cancels and what
 * changed), then save; when the save fails the reservation is removed so the RDV stays editable.
 */
export async function saveRevision(
	rdv: RdvDoc,
	agentId: string | undefined,
	event: 'rdv.updated' | 'rdv.cancelled',
	options: SaveRevisionOptions = {}
): Promise<BookingResult> {
	const { notices = [], onStale, ifCancelled, summary } = options;
	const change = options.change ?? (event === 'rdv.cancelled' ? 'cancel' : 'update');
	let version: number;
	const readVersion = rdv.version ?? 0;
	try {
		version = await claimRdvRevision(rdv._id, readVersion, agentId, change, summary);
	} catch (err) {
		if (err instanceof StaleVersionError) {
			if (ifCancelled && (await cancelledAfter(rdv._id, readVersion))) return ifCancelled();
			await onStale?.();
			return staleFailure(rdv._id, readVersion);
		}
		throw err;
	}
	const refused = await options.beforeSave?.();
	if (refused) {
		await RdvRevision.deleteOne({ rdvId: rdv._id, version });
		return refused;
	}
	rdv.version = version;
	// The day cards' refresh after the save cards this version without reading its revision back.
	rdv.$locals.revisionWriter = { version, agentId: agentId ? String(agentId) : null };
	const previousAgentIds = replacedAgentIds(rdv);
	try {
		await rdv.save();
	} catch (err) {
		await RdvRevision.deleteOne({ rdvId: rdv._id, version });
		await options.undoBeforeSave?.();
		await onStale?.();
		const invalid = validationFailure(err);
		if (invalid) return invalid;
		throw err;
	}
	await events.publish(event, {
		rdvId: String(rdv._id),
		organisationId: String(rdv.organisationId),
		actorAgentId: agentId,
		...(previousAgentIds ? { previousAgentIds } : {})
	});
	return { ok: true, rdv: docDto(rdv), notices };
}

/**
 * The RDV's agents when it was loaded, if this change replaces one of them (read from the agent-weeks kept at load,
 * `agentId:week`, see db/models/rdv.ts): the live push tells who saw it only through them to drop it.
 */
function replacedAgentIds(rdv: RdvDoc): string[] | undefined {
	const loaded = (rdv.$locals.loadedAgentWeeks as string[] | undefined) ?? [];
	const before = [...new Set(loaded.map((key) => key.slice(0, key.indexOf(':'))))];
	const now = new Set(rdv.agentIds.map(String));
	return before.some((id) => !now.has(id)) ? before : undefined;
}

/**
 * The refusal of a change asked at `version` (the one the writer saw) when the RDV has moved on since; null when
 * it is current or not given. With `cancelledMessage`, a cancel since then answers « déjà annulé » with it,
 * whatever the timing (as a concurrent cancel does); otherwise the writer hears who changed the RDV and what.
 */
export async function versionRefusal(
	rdv: RdvDoc,
	version: number | undefined,
	cancelledMessage?: string
): Promise<BookingFailure | null> {
	if (version === undefined || version === (rdv.version ?? 0)) return null;
	if (cancelledMessage !== undefined && (await cancelledAfter(rdv._id, version)))
		return alreadyCancelled(cancelledMessage);
	return staleFailure(rdv._id, version);
}

/**
 * The newest change after `version`: who made it and what it did. Selected by the RDV id (an equality; an RDV
 * has few versions). Null when the version was reserved but is not readable any more (a failed save removed it).
 */
export async function changeAfter(rdvId: string | Types.ObjectId, version: number): Promise<ChangedBy | null> {
	const revisions = await RdvRevision.find({ rdvId: new Types.ObjectId(String(rdvId)) }).lean();
	const newest = revisions.filter((r) => r.version > version).sort((a, b) => b.version - a.version)[0];
	if (!newest) return null;
	const agent = newest.agentId ? await Agent.findById(newest.agentId, { firstName: 1, lastName: 1 }).lean() : undefined;
	return {
		version: newest.version,
		at: newest.createdAt.toISOString(),
		...(agent ? { agentId: String(agent._id), agentName: `${agent.firstName} ${agent.lastName}`.trim() } : {}),
		...(newest.summary ? { summary: newest.summary } : {})
	};
}

/**
 * The refusal of a change made over a newer one: names the agent who made it and what it did, so the writer
 * knows what to reload (« Modifié entre-temps par Marie Curie (Statut : Honoré) »).
 */
export async function staleFailure(rdvId: string | Types.ObjectId, version: number): Promise<BookingFailure> {
	const changedBy = await changeAfter(rdvId, version);
	if (!changedBy) return fail('conflict', new StaleVersionError().message);
	const who = changedBy.agentName ? `par ${changedBy.agentName}` : 'par l’usager ou en ligne';
	const what = changedBy.summary ? ` (${changedBy.summary})` : '';
	return fail('conflict', `Ce RDV a été modifié entre-temps ${who}${what} : rechargez-le avant d’enregistrer.`, {
		changedBy
	});
}
