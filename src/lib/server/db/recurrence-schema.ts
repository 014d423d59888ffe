/** Recurrence sub-document shared by plages d'ouverture and absences (see domain/recurrence.ts). */
import { Schema } from 'mongoose';
import { MAX_RECURRENCE_INTERVAL, RECURRENCE_EVERY } from '../../domain/recurrence.ts';
import { compareDays } from '../../domain/local-time.ts';
import { dayValidator } from './validators.ts';

export const recurrenceSchema = new Schema(
	{
		every: { type: String, enum: RECURRENCE_EVERY, required: true },
		interval: {
			type: Number,
			default: 1,
			min: [1, 'Intervalle de 1 à 5.'],
			max: [MAX_RECURRENCE_INTERVAL, 'Intervalle de 1 à 5.'],
			validate: { validator: Number.isInteger, message: 'Intervalle entier attendu.' }
		},
		/** ISO weekdays (1 = Monday … 7 = Sunday), weekly only. */
		weekdays: {
			type: [{ type: Number, min: 1, max: 7 }],
			default: undefined
		},
		until: { type: String, validate: dayValidator }
	},
	{ _id: false }
);

/** Shared checks of a series: time order and until after the first day. */
export function checkSeries(
	doc: {
		invalidate(path: string, message: string): unknown;
	},
	series: { firstDay?: string | null; recurrence?: { until?: string | null } | null }
): void {
	const until = series.recurrence?.until;
	if (until && series.firstDay && compareDays(until, series.firstDay) < 0)
		doc.invalidate('recurrence.until', 'La date de fin doit suivre le premier jour.');
}
