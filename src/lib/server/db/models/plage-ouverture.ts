import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';
import { stampOnWrite } from '../stamps.ts';
import { dayValidator, fiveMinuteTimeValidator } from '../validators.ts';
import { checkSeries, recurrenceSchema } from '../recurrence-schema.ts';
import { minutesOfDay } from '../../../domain/local-time.ts';
import { lastOccurrenceDay, type Recurrence } from '../../../domain/recurrence.ts';
import { TERRITORY_TIME_ZONES } from '../../../domain/types.ts';

/**
 * One occurrence changed or cancelled inside a series, keyed by the occurrence's original day. Reserved for
 * "edit one occurrence"; "this and the following ones" splits the series instead.
 */
const exceptionSchema = new Schema(
	{
		day: { type: String, required: true, validate: dayValidator },
		cancelled: { type: Boolean, default: false },
		startTime: { type: String, validate: fiveMinuteTimeValidator },
		endTime: { type: String, validate: fiveMinuteTimeValidator },
		lieuId: { type: Schema.Types.ObjectId, ref: 'Lieu' }
	},
	{ _id: false }
);

const plageOuvertureSchema = new Schema(
	{
		agentId: { type: Schema.Types.ObjectId, ref: 'Agent', required: true },
		organisationId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true },
		title: { type: String, required: [true, 'Le titre est obligatoire.'], trim: true, maxlength: 160 },
		/** Required when a motif is on site (checked by the plage service, which knows the motifs). */
		lieuId: { type: Schema.Types.ObjectId, ref: 'Lieu' },
		motifIds: {
			type: [Schema.Types.ObjectId],
			ref: 'Motif',
			validate: { validator: (v: unknown[]) => v.length > 0, message: 'Choisissez au moins un motif.' }
		},
		firstDay: { type: String, required: true, validate: dayValidator },
		startTime: { type: String, required: true, validate: fiveMinuteTimeValidator },
		endTime: { type: String, required: true, validate: fiveMinuteTimeValidator },
		recurrence: { type: recurrenceSchema, required: false },
		exceptions: { type: [exceptionSchema], default: [] },
		/** The territory's, copied so occurrences can be computed from this document alone. */
		timeZone: { type: String, enum: TERRITORY_TIME_ZONES, required: true },
		/** Precomputed; unset for an endless series. Retention deletes plages a year past this day. */
		lastOccurrenceDay: { type: String }
	},
	{ timestamps: true }
);

plageOuvertureSchema.pre('validate', function () {
	if (this.startTime && this.endTime && minutesOfDay(this.endTime) <= minutesOfDay(this.startTime))
		this.invalidate('endTime', 'L’heure de fin doit suivre l’heure de début.');
	checkSeries(this, this);
	if (this.firstDay) this.lastOccurrenceDay = lastOccurrenceDay(this.firstDay, this.recurrence as Recurrence | null);
});

stampOnWrite(plageOuvertureSchema, 'plages', 'organisation');
plageOuvertureSchema.index({ agentId: 1 });
plageOuvertureSchema.index({ organisationId: 1, agentId: 1 });
plageOuvertureSchema.index({ motifIds: 1 });
plageOuvertureSchema.index({ lastOccurrenceDay: 1 }, { sparse: true });

export type PlageOuvertureFields = InferSchemaType<typeof plageOuvertureSchema>;
export type PlageOuvertureDoc = HydratedDocument<PlageOuvertureFields>;
export const PlageOuverture = defineModel<PlageOuvertureFields>('PlageOuverture', plageOuvertureSchema);
