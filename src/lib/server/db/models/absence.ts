import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';
import { stampOnWrite } from '../stamps.ts';
import { dayValidator, fiveMinuteTimeValidator } from '../validators.ts';
import { checkSeries, recurrenceSchema } from '../recurrence-schema.ts';
import { compareDays, minutesOfDay } from '../../../domain/local-time.ts';
import { lastOccurrenceDay, type Recurrence } from '../../../domain/recurrence.ts';
import { TERRITORY_TIME_ZONES } from '../../../domain/types.ts';

/**
 * Indisponibilité: agent-wide (blocks every organisation), from firstDay startTime to endDay endTime. The
 * title is internal. Only single-day absences may recur.
 */
const absenceSchema = new Schema(
	{
		agentId: { type: Schema.Types.ObjectId, ref: 'Agent', required: true },
		title: { type: String, required: [true, 'Le titre est obligatoire.'], trim: true, maxlength: 160 },
		firstDay: { type: String, required: true, validate: dayValidator },
		endDay: { type: String, required: true, validate: dayValidator },
		startTime: { type: String, required: true, validate: fiveMinuteTimeValidator },
		endTime: { type: String, required: true, validate: fiveMinuteTimeValidator },
		recurrence: { type: recurrenceSchema, required: false },
		timeZone: { type: String, enum: TERRITORY_TIME_ZONES, required: true },
		/** Precomputed; unset for an endless series. */
		lastOccurrenceDay: { type: String }
	},
	{ timestamps: true }
);

absenceSchema.pre('validate', function () {
	if (!this.firstDay || !this.endDay || !this.startTime || !this.endTime) return;
	const order = compareDays(this.endDay, this.firstDay);
	if (order < 0) this.invalidate('endDay', 'La date de fin doit suivre la date de début.');
	if (order === 0 && minutesOfDay(this.endTime) <= minutesOfDay(this.startTime))
		this.invalidate('endTime', 'L’heure de fin doit suivre l’heure de début.');
	if (this.recurrence && order !== 0)
		this.invalidate('recurrence', 'Seule une indisponibilité d’un jour peut se répéter.');
	checkSeries(this, this);
	this.lastOccurrenceDay = this.recurrence
		? lastOccurrenceDay(this.firstDay, this.recurrence as Recurrence)
		: this.endDay;
});

stampOnWrite(absenceSchema, 'absences', 'agent');
absenceSchema.index({ agentId: 1 });
absenceSchema.index({ lastOccurrenceDay: 1 }, { sparse: true });

export type AbsenceFields = InferSchemaType<typeof absenceSchema>;
export type AbsenceDoc = HydratedDocument<AbsenceFields>;
export const Absence = defineModel<AbsenceFields>('Absence', absenceSchema);
