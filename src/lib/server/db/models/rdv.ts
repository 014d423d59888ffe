import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';
import { watchQueryWrites } from '../query-writes.ts';
import { storeParticipantNames } from '../read-models/participant-names.ts';
import { daysOfRdvWrite, keepDayCards, pickDayCards, refreshDaysOfRdv } from '../read-models/rdv-day-cards.ts';
import { agentWeekKeys, touchedDays, weeksOfDays } from '../../../domain/calendar-keys.ts';
import { COLLECTIVE_STATUSES } from '../../../domain/rdv-status.ts';
import {
	LOCATION_TYPES,
	RDV_CREATORS,
	RDV_STATUSES,
	TERRITORY_TIME_ZONES,
	type RdvStatus
} from '../../../domain/types.ts';

const participantSchema = new Schema(
	{
		usagerId: { type: Schema.Types.ObjectId, ref: 'Usager', required: true },
		status: { type: String, enum: RDV_STATUSES, default: 'unknown' },
		/** Created / updated / cancelled messages; the agent may untick them per participant. */
		sendLifecycleNotifications: { type: Boolean, default: true },
		sendReminderNotification: { type: Boolean, default: true },
		createdBy: { type: String, enum: RDV_CREATORS, default: 'agent' }
	},
	{ _id: false }
);

const prescripteurSchema = new Schema(
	{
		firstName: { type: String, required: true, trim: true, maxlength: 100 },
		lastName: { type: String, required: true, trim: true, maxlength: 100 },
		email: { type: String, required: true, trim: true, lowercase: true },
		phone: { type: String, trim: true },
		/** The prescripteur's structure (CCAS, association…), shown to the agents with the name. */
		organisationName: { type: String, trim: true, maxlength: 160 }
	},
	{ _id: false }
);

const rdvSchema = new Schema(
	{
		startsAt: { type: Date, required: true },
		endsAt: { type: Date, required: true },
		/** Derived from startsAt/endsAt. */
		durationMinutes: { type: Number },
		/** The territory's, copied so the day and week keys can be computed from this document alone. */
		timeZone: { type: String, enum: TERRITORY_TIME_ZONES, required: true },
		organisationId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true },
		motifId: { type: Schema.Types.ObjectId, ref: 'Motif', required: true },
		/** Denormalised from the motif (permissions and statistics group by them). */
		serviceId: { type: Schema.Types.ObjectId, ref: 'Service', required: true },
		locationType: { type: String, enum: LOCATION_TYPES, required: true },
		lieuId: { type: Schema.Types.ObjectId, ref: 'Lieu' },
		/** Home visits and one-off places: an address typed for this RDV only. */
		singleUseAddress: { type: String, trim: true, maxlength: 300 },
		agentIds: {
			type: [Schema.Types.ObjectId],
			ref: 'Agent',
			validate: { validator: (v: unknown[]) => v.length > 0, message: 'Au moins un agent est requis.' }
		},
		participants: { type: [participantSchema], default: [] },
		status: { type: String, enum: RDV_STATUSES, default: 'unknown' },
		/** Free note for agents ("contexte"). */
		context: { type: String, trim: true, maxlength: 5000 },
		createdBy: {
			type: new Schema(
				{
					kind: { type: String, enum: RDV_CREATORS, required: true },
					agentId: { type: Schema.Types.ObjectId, ref: 'Agent' },
					usagerId: { type: Schema.Types.ObjectId, ref: 'Usager' },
					prescripteur: { type: prescripteurSchema, required: false }
				},
				{ _id: false }
			),
			required: true
		},
		collective: { type: Boolean, default: false },
		title: { type: String, trim: true, maxlength: 160 },
		maxParticipants: { type: Number, min: 1, max: 500 },
		cancelledAt: { type: Date },
		/**
		 * Optimistic concurrency. A filtered update is not atomic on FerretDB v1, so writers first claim
		 * `version + 1` in the uniquely-indexed RdvRevision collection (services/claims.ts), then save.
		 */
		version: { type: Number, default: 0 },
		/** Precomputed equality keys (see domain/calendar-keys.ts): local days, ISO weeks, 'agentId:week'. */
		days: { type: [String], default: [] },
		weeks: { type: [String], default: [] },
		agentWeeks: { type: [String], default: [] },
		usagerIds: { type: [Schema.Types.ObjectId], ref: 'Usager', default: [] },
		/** Read model: participants' display names, in their order (db/read-models/participant-names.ts). */
		participantNames: {
			type: [
				new Schema(
					{ usagerId: { type: Schema.Types.ObjectId, required: true }, firstName: String, lastName: String },
					{ _id: false }
				)
			],
			default: undefined
		}
	},
	{ timestamps: true }
);

/** The equality keys of an RDV's time and agents in its zone (domain/calendar-keys.ts). */
function keysOf(rdv: { startsAt: Date; endsAt: Date; timeZone: string; agentIds: unknown[] }) {
	const days = touchedDays(rdv.startsAt, rdv.endsAt, rdv.timeZone);
	const weeks = weeksOfDays(days);
	return { days, weeks, agentWeeks: agentWeekKeys(rdv.agentIds.map(String), weeks) };
}

rdvSchema.pre('validate', function () {
	if (this.startsAt && this.endsAt) {
		if (this.endsAt <= this.startsAt) this.invalidate('endsAt', 'La fin doit suivre le début.');
		this.durationMinutes = Math.round((this.endsAt.getTime() - this.startsAt.getTime()) / 60_000);
		if (this.timeZone) Object.assign(this, keysOf(this));
	}
	if (this.lieuId && this.singleUseAddress)
		this.invalidate('singleUseAddress', 'Un RDV a lieu soit dans un lieu, soit à une adresse ponctuelle.');
	const usagerIds = this.participants.map((p) => p.usagerId);
	if (new Set(usagerIds.map(String)).size !== usagerIds.length)
		this.invalidate('participants', 'Un usager ne peut participer qu’une fois au même RDV.');
	this.usagerIds = usagerIds;
	if (this.collective) {
		if (!COLLECTIVE_STATUSES.includes(this.status as RdvStatus))
			this.invalidate('status', 'Statut impossible pour un RDV collectif.');
		if (this.maxParticipants && this.participants.length > this.maxParticipants)
			this.invalidate('participants', 'Le nombre maximum de participants est atteint.');
	} else if (usagerIds.length === 0) {
		this.invalidate('participants', 'Au moins un usager est requis.');
	}
});

storeParticipantNames(rdvSchema);

/*
 * Keep the availability read model (AgentBusyWeek) in step: rebuild the agent-weeks an RDV touches now and
 * touched when it was loaded. Loaded lazily: db/busy-time.ts reads this model.
 */
const busyTime = () => import('../busy-time.ts');
const refreshBusy = async (keys: Iterable<string>, options?: import('../busy-time.ts').RefreshOptions) =>
	(await busyTime()).refreshBusyWeeks(keys, options);

rdvSchema.post('init', function () {
	this.$locals.loadedAgentWeeks = [...this.agentWeeks];
});

/** The read models' keys a save refreshes: the agent-weeks and days as loaded and as `now` (default: stored fields). */
function writeKeysOf(doc: RdvDoc, now: { days: string[]; agentWeeks: string[] } = doc) {
	const loadedWeeks = (doc.$locals.loadedAgentWeeks as string[] | undefined) ?? [];
	return {
		busy: [...new Set([...loadedWeeks, ...now.agentWeeks])],
		days: daysOfRdvWrite(doc, now.days)
	};
}
const sameKeys = (a: ReturnType<typeof writeKeysOf>, b: ReturnType<typeof writeKeysOf>) =>
	[...a.busy].sort().join() === [...b.busy].sort().join() && [...a.days].sort().join() === [...b.days].sort().join();

type BusyTime = typeof import('../busy-time.ts');
interface ReadModelPicks {
	keys: ReturnType<typeof writeKeysOf>;
	/** Versions picked beside the save, or (ahead of it) versions and RDVs read. */
	busy: { picked: ReturnType<BusyTime['pickBusyWeeks']> } | { prepared: ReturnType<BusyTime['prepareBusyWeeks']> };
	days: ReturnType<typeof pickDayCards>;
	/** Whether every day's version has been answered (successfully) by now. */
	daysAnswered: () => boolean;
}

async function startPicks(keys: ReadModelPicks['keys'], ahead: boolean): Promise<ReadModelPicks> {
	const { pickBusyWeeks, prepareBusyWeeks } = await busyTime();
	const days = pickDayCards(keys.days);
	let answered = false;
	Promise.all(days.values()).then(
		() => (answered = true),
		() => undefined
	);
	return {
		keys,
		busy: ahead ? { prepared: prepareBusyWeeks(keys.busy) } : { picked: pickBusyWeeks(keys.busy) },
		days,
		daysAnswered: () => answered
	};
}

/**
 * Start picking the read models' next versions for this RDV's coming save, from its fields as they are now (the
 * booking service calls it once a change is decided, beside its claims). Answered before the save is sent, such
 * a pick cannot have seen any later write of this RDV: its day cards are then made from the document saved,
 * without reading it back (db/read-models/rdv-day-cards.ts).
 */
export function pickReadModelsBeforeSave(doc: RdvDoc): void {
	if (!doc.startsAt || !doc.endsAt || !doc.timeZone) return;
	const picks = startPicks(writeKeysOf(doc, keysOf(doc)), true);
	picks.catch(() => undefined);
	doc.$locals.earlyPicks = picks;
}

/** Picks started earlier for exactly these keys (answered or not), else null. */
async function earlyPicksFor(doc: RdvDoc, keys: ReadModelPicks['keys']): Promise<ReadModelPicks | null> {
	const early = doc.$locals.earlyPicks as Promise<ReadModelPicks> | undefined;
	delete doc.$locals.earlyPicks;
	const picks = await early?.catch(() => null);
	return picks && sameKeys(picks.keys, keys) ? picks : null;
}

// Both read models pick their next versions before reading the RDVs. That read has to follow the save, the pick
// does not: picks started by the booking service are taken over here, others are sent beside the save (after
// validation, which computes the keys), a round trip less per write. Nothing waits for them here: the save's
// window under its reserved version stays as short as it was (a concurrent cancel retries meanwhile).
rdvSchema.pre('save', async function () {
	const keys = writeKeysOf(this);
	const early = await earlyPicksFor(this, keys);
	this.$locals.readModelPicks = early ?? (await startPicks(keys, false));
	// Answered before the save is sent, the days' versions cannot hold a later write of this RDV: its day cards
	// are then made from the document (see pickReadModelsBeforeSave).
	this.$locals.dayCardsFromDocument = !!early && early.daysAnswered();
});
// After a save or a delete, the busy weeks and the organisation-day cards (db/read-models/rdv-day-cards.ts) are
// refreshed side by side: they are independent, and the write then waits for the slower, not for both in turn.
rdvSchema.post('save', async function () {
	const picks = this.$locals.readModelPicks as ReadModelPicks | undefined;
	const fromDocument = this.$locals.dayCardsFromDocument === true;
	delete this.$locals.readModelPicks;
	delete this.$locals.dayCardsFromDocument;
	await Promise.all([
		refreshBusy(picks?.keys.busy ?? writeKeysOf(this).busy, { ...picks?.busy, written: this }),
		refreshDaysOfRdv(this, picks?.days, fromDocument)
	]);
	this.$locals.loadedAgentWeeks = [...this.agentWeeks];
});
rdvSchema.post('deleteOne', { document: true, query: false }, async function () {
	await Promise.all([
		refreshBusy([...((this.$locals.loadedAgentWeeks as string[] | undefined) ?? []), ...this.agentWeeks]),
		refreshDaysOfRdv(this)
	]);
});
rdvSchema.post('insertMany', async function (docs: unknown) {
	await refreshBusy((docs as { agentWeeks?: string[] }[]).flatMap((d) => d.agentWeeks ?? []));
});
// Query writes (a seed's rollback, a bulk status change): the weeks the matched RDVs were in. Query updates do not
// recompute agentWeeks (validation does not run), so those keys are also the ones after the write.
watchQueryWrites<{ agentWeeks?: string[] }>(rdvSchema, {
	projection: { agentWeeks: 1 },
	after: (before) => refreshBusy(before.flatMap((d) => d.agentWeeks ?? []))
});

// The RDV list and the agenda read the organisation-day cards: their other hooks (load, bulk and query writes).
keepDayCards(rdvSchema);

rdvSchema.index({ weeks: 1, organisationId: 1 });
rdvSchema.index({ agentWeeks: 1 });
// One organisation's local day: the rebuild of its day cards (db/read-models/rdv-day-cards.ts) and the plain day
// queries (the RDV list itself reads the day cards).
rdvSchema.index({ days: 1, organisationId: 1, startsAt: 1 });
rdvSchema.index({ usagerIds: 1, days: 1 });
rdvSchema.index({ organisationId: 1, startsAt: 1 });
rdvSchema.index({ agentIds: 1, startsAt: 1 });
rdvSchema.index({ motifId: 1 });

export type RdvFields = InferSchemaType<typeof rdvSchema>;
export type RdvDoc = HydratedDocument<RdvFields>;
export type RdvParticipant = RdvFields['participants'][number];
export const Rdv = defineModel<RdvFields>('Rdv', rdvSchema);
