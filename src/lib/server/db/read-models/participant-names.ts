/**
 * Participants' display names stored on each RDV (`participantNames`, in the participants' order), so the RDV
 * list and the agenda never look usagers up one by one (measured: ~46 ms for a page of 100 on the embedded
 * database, more than reading the RDVs themselves).
 *
 * Kept right by hooks on the two models, whatever writes them (booking service, seed, fixtures, imports):
 * - RDV validation (every save and validated insert) keeps the names it already holds for its participants and
 *   looks up only the new ones;
 * - an usager's rename rewrites the names on its RDVs, selected by the `usagerIds` equality key;
 * - on start, RDVs stored before this read model get their names once (a marker records it).
 * A name still missing (an RDV inserted raw, bypassing validation) is looked up by the readers (services/rdv-names.ts).
 *
 * Models are looked up when used: they register these hooks, so importing them here would be circular.
 */
import mongoose, { type Schema, type Types } from 'mongoose';
import { logger } from '../../logger.ts';
import { updatedPaths, watchQueryWrites } from '../query-writes.ts';
import { backfillOnce } from './once.ts';
import { dayKeysOf, refreshDayCards } from './rdv-day-cards.ts';

export interface StoredName {
	usagerId: Types.ObjectId;
	firstName: string;
	lastName: string;
}

interface NamedUsager {
	_id: Types.ObjectId;
	firstName: string;
	lastName: string;
}

interface RdvNamesRow {
	_id: Types.ObjectId;
	participants: { usagerId: Types.ObjectId }[];
	participantNames?: StoredName[];
}

const NAME_FIELDS = new Set(['firstName', 'lastName']);
const PERSON = { firstName: 1, lastName: 1 } as const;

async function model<T>(name: 'Rdv' | 'Usager'): Promise<mongoose.Model<T>> {
	const known = mongoose.models[name];
	if (known) return known as unknown as mongoose.Model<T>;
	const loaded = name === 'Rdv' ? (await import('../models/rdv.ts')).Rdv : (await import('../models/usager.ts')).Usager;
	return loaded as unknown as mongoose.Model<T>;
}

/** The names of these usagers, each read by its own `_id` equality (in parallel). */
async function usagersById(ids: Iterable<string>): Promise<Map<string, NamedUsager>> {
	const usagers = await model<NamedUsager>('Usager');
	const found = await Promise.all([...new Set(ids)].map((id) => usagers.findById(id, PERSON).lean<NamedUsager>()));
	return new Map(found.filter((u): u is NamedUsager => !!u).map((u) => [String(u._id), u]));
}

/**
 * The names for these participants, in their order: the stored ones kept, the others taken from `known` (an
 * usager that no longer exists gets none: readers say « Usager supprimé »).
 */
export function namesFor(
	participants: readonly { usagerId: unknown }[],
	stored: readonly StoredName[] | undefined,
	known: ReadonlyMap<string, NamedUsager>
): StoredName[] {
	const byId = new Map((stored ?? []).map((n) => [String(n.usagerId), n]));
	return participants.flatMap((p) => {
		const id = String(p.usagerId);
		const u = known.get(id) ?? byId.get(id);
		return u ? [{ usagerId: p.usagerId as Types.ObjectId, firstName: u.firstName, lastName: u.lastName }] : [];
	});
}

const sameNames = (a: readonly StoredName[] | undefined, b: readonly StoredName[]) =>
	!!a &&
	a.length === b.length &&
	a.every(
		(n, i) =>
			String(n.usagerId) === String(b[i]!.usagerId) && n.firstName === b[i]!.firstName && n.lastName === b[i]!.lastName
	);

/**
 * Registered by the Rdv model: every validation fills the names of participants it does not hold yet. When an
 * existing RDV's participants change, all their names are read again: the names this document was loaded with
 * may predate a rename that has since been carried to the stored RDV, and saving the field would undo it.
 */
export function storeParticipantNames(rdvSchema: Schema): void {
	rdvSchema.pre('validate', async function () {
		const doc = this as unknown as RdvNamesRow & {
			isNew: boolean;
			isModified(path: string): boolean;
			set(path: string, value: unknown): void;
		};
		const rereadAll = !doc.isNew && doc.isModified('participants');
		const stored = new Set(rereadAll ? [] : (doc.participantNames ?? []).map((n) => String(n.usagerId)));
		const missing = doc.participants.map((p) => String(p.usagerId)).filter((id) => !stored.has(id));
		const known = missing.length > 0 ? await usagersById(missing) : new Map<string, NamedUsager>();
		const names = namesFor(doc.participants, doc.participantNames, known);
		if (!sameNames(doc.participantNames, names)) doc.set('participantNames', names);
	});
}

/** At most this many single updates in flight (FerretDB v1 never answered a bulkWrite of a few dozen here). */
const PARALLEL = 8;

/**
 * Store the names these RDVs should hold, given fresh names of some usagers; returns how many changed. Raw
 * updates by id: only this derived field changes, so the busy-time and stamp hooks have nothing to do.
 */
async function rewriteNames(rows: readonly RdvNamesRow[], known: ReadonlyMap<string, NamedUsager>): Promise<number> {
	const rdvs = await model<RdvNamesRow>('Rdv');
	const changes = rows.flatMap((rdv) => {
		const names = namesFor(rdv.participants, rdv.participantNames, known);
		return sameNames(rdv.participantNames, names) ? [] : [{ _id: rdv._id, names }];
	});
	for (let i = 0; i < changes.length; i += PARALLEL)
		await Promise.all(
			changes
				.slice(i, i + PARALLEL)
				.map(({ _id, names }) => rdvs.collection.updateOne({ _id }, { $set: { participantNames: names } }))
		);
	return changes.length;
}

/** Rewrite the stored names on the RDVs of these usagers (one `usagerIds` equality each). */
export async function refreshParticipantNames(usagers: readonly NamedUsager[]): Promise<number> {
	const rdvs = await model<RdvNamesRow>('Rdv');
	let changed = 0;
	for (const usager of usagers) {
		const rows = await rdvs
			.find({ usagerIds: usager._id }, { participants: 1, participantNames: 1, organisationId: 1, days: 1 })
			.lean<(RdvNamesRow & { organisationId?: Types.ObjectId; days?: string[] })[]>();
		const renamed = await rewriteNames(rows, new Map([[String(usager._id), usager]]));
		// The raw writes above skip the Rdv hooks: the day cards hold participants' names too.
		if (renamed > 0)
			await refreshDayCards(
				rows.flatMap(dayKeysOf),
				rows.map((r) => r._id)
			);
		changed += renamed;
	}
	return changed;
}

/** Never throws: the usager write has happened; a failure is logged (the next rename or edit of the RDV mends it). */
async function refreshQuietly(usagers: readonly NamedUsager[]) {
	try {
		await refreshParticipantNames(usagers);
	} catch (err) {
		logger.error({ err: (err as Error).message, usagers: usagers.length }, 'participant names refresh failed');
	}
}

/** Registered by the Usager model: a change of first or last name reaches the RDVs it takes part in. */
export function syncParticipantNames(usagerSchema: Schema): void {
	usagerSchema.pre('save', function () {
		this.$locals.namesChanged = !this.isNew && [...NAME_FIELDS].some((f) => this.isModified(f));
	});
	usagerSchema.post('save', async function () {
		if (this.$locals.namesChanged) await refreshQuietly([this as unknown as NamedUsager]);
	});
	watchQueryWrites<{ _id: Types.ObjectId }>(usagerSchema, {
		projection: { _id: 1 },
		concerns(query, op) {
			if (op.includes('elete')) return false;
			const paths = updatedPaths(query, op);
			return !paths || paths.some((p) => NAME_FIELDS.has(p));
		},
		async after(before) {
			const now = await usagersById(before.map((u) => String(u._id)));
			await refreshQuietly([...now.values()]);
		}
	});
}

/**
 * On start: give RDVs stored before this read model their participants' names, once per database. Reads every
 * RDV's participants (a single pass, only on the first start after the upgrade); a marker then skips it.
 * Idempotent: RDVs that already hold their names are left alone.
 */
export function ensureParticipantNames(): Promise<number> {
	return backfillOnce('rdv-participant-names', { key: 'rdvs', message: 'participant names stored' }, fillNames);
}

async function fillNames(): Promise<number> {
	const rdvs = await model<RdvNamesRow>('Rdv');
	// Read whole before writing (a few dozen bytes per RDV): writes are not mixed with an open cursor.
	const rows = (await rdvs.find({}, { participants: 1, participantNames: 1 }).lean<RdvNamesRow[]>()).filter(
		(r) => !r.participantNames || r.participantNames.length < r.participants.length
	);
	let filled = 0;
	for (let i = 0; i < rows.length; i += 500) {
		const batch = rows.slice(i, i + 500);
		filled += await rewriteNames(
			batch,
			await usagersById(batch.flatMap((r) => r.participants.map((p) => String(p.usagerId))))
		);
	}
	return filled;
}
