import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';
import { watchQueryWrites } from '../query-writes.ts';
import { storeParticipantNames } from '../read-models/participant-names.ts';
import { keepDayCards, refreshDaysOfRdv } from '../read-models/rdv-day-cards.ts';
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
		phone: { type: String, trim: true }
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

rdvSchema.pre('validate', function () {
	if (this.startsAt && this.endsAt) {
		if (this.endsAt <= this.startsAt) this.invalidate('endsAt', 'La fin doit suivre le début.');
		this.durationMinutes = Math.round((this.endsAt.getTime() - this.startsAt.getTime()) / 60_000);
		if (this.timeZone) {
			this.days = touchedDays(this.startsAt, this.endsAt, this.timeZone);
			this.weeks = weeksOfDays(this.days);
			this.agentWeeks = agentWeekKeys(this.agentIds.map(String), this.weeks);
		}
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
const refreshBusy = async (keys: Iterable<string>) => (await import('../busy-time.ts')).refreshBusyWeeks(keys);

rdvSchema.post('init', function () {
	this.$locals.loadedAgentWeeks = [...this.agentWeeks];
});
// After a save or a delete, the busy weeks and the organisation-day cards (db/read-models/rdv-day-cards.ts) are
// refreshed side by side: they are independent, and the write then waits for the slower, not for both in turn.
rdvSchema.post('save', async function () {
	const before = (this.$locals.loadedAgentWeeks as string[] | undefined) ?? [];
	await Promise.all([refreshBusy([...before, ...this.agentWeeks]), refreshDaysOfRdv(this)]);
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
