import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';
import { stampOnWrite } from '../stamps.ts';
import { BOOKABLE_BY, LOCATION_TYPES, MOTIF_VISIBILITIES } from '../../../domain/types.ts';
import { normalizeText } from '../../../domain/text-keys.ts';
import { Service } from './service.ts';

export const MINUTES_PER_DAY = 24 * 60;
/** Booking window bounds for usagers: 30 minutes … 1 year; the default maximum is about 3 months. */
export const MAX_BOOKING_DELAY_LIMIT = 366 * MINUTES_PER_DAY;
export const DEFAULT_MAX_BOOKING_DELAY = 90 * MINUTES_PER_DAY;

const motifSchema = new Schema(
	{
		organisationId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true },
		serviceId: {
			type: Schema.Types.ObjectId,
			ref: 'Service',
			required: true,
			validate: {
				validator: async (id: unknown) => {
					const service = await Service.findById(id, { isSecretariat: 1 }).lean();
					return !!service && !service.isSecretariat;
				},
				message: 'Le service du motif doit exister et ne peut pas être le secrétariat.'
			}
		},
		name: { type: String, required: [true, 'Le nom est obligatoire.'], trim: true, maxlength: 160 },
		color: { type: String, default: '#6a6af4', match: [/^#[0-9a-fA-F]{6}$/, 'Couleur invalide (#RRGGBB).'] },
		/** Also the step between two slots. */
		durationMinutes: {
			type: Number,
			default: 30,
			min: [5, 'La durée minimale est de 5 minutes.'],
			max: [MINUTES_PER_DAY, 'La durée maximale est de 24 heures.'],
			validate: { validator: (v: number) => Number.isInteger(v) && v % 5 === 0, message: 'Durée par pas de 5 minutes.' }
		},
		/** Locked once RDVs exist (enforced by the motif service). */
		locationType: { type: String, enum: LOCATION_TYPES, required: true },
		collective: { type: Boolean, default: false },
		/** Online booking is off by default. */
		bookableBy: { type: String, enum: BOOKABLE_BY, default: 'agents' },
		/** Booking window, for usagers only (agents are never limited by it). */
		minBookingDelayMinutes: { type: Number, default: 30, min: 0, max: MAX_BOOKING_DELAY_LIMIT },
		maxBookingDelayMinutes: {
			type: Number,
			default: DEFAULT_MAX_BOOKING_DELAY,
			min: [30, 'Le délai maximum est d’au moins 30 minutes.'],
			max: [MAX_BOOKING_DELAY_LIMIT, 'Le délai maximum est d’un an au plus.']
		},
		rdvsEditableByUser: { type: Boolean, default: true },
		rdvsCancellableByUser: { type: Boolean, default: true },
		visibility: { type: String, enum: MOTIF_VISIBILITIES, default: 'visible_and_notified' },
		/** "RDV de suivi": only usagers whose referent holds the plage may book it. */
		followUp: { type: Boolean, default: false },
		/** Accepted in a dialog before booking. */
		instructionsBeforeBooking: { type: String, trim: true, maxlength: 5000 },
		/** Shown after booking: confirmation page, email, reminder. */
		instructionsAfterBooking: { type: String, trim: true, maxlength: 5000 },
		customCancelWarning: { type: String, trim: true, maxlength: 2000 },
		/**
		 * Unique while the motif is active: organisation|service|location type|normalised name. Unset on soft
		 * delete, so a deleted motif frees its name (a sparse unique index replaces a partial one).
		 */
		nameKey: { type: String },
		deletedAt: { type: Date }
	},
	{ timestamps: true }
);

motifSchema.pre('validate', function () {
	if (this.maxBookingDelayMinutes <= this.minBookingDelayMinutes)
		this.invalidate('maxBookingDelayMinutes', 'Le délai maximum doit être supérieur au délai minimum.');
	if (this.collective && this.locationType === 'home')
		this.invalidate('collective', 'Un motif collectif ne peut pas avoir lieu à domicile.');
	this.nameKey = this.deletedAt
		? undefined
		: [this.organisationId, this.serviceId, this.locationType, normalizeText(this.name ?? '')].join('|');
});

motifSchema.index({ nameKey: 1 }, { unique: true, sparse: true });
motifSchema.index({ organisationId: 1, serviceId: 1 });
motifSchema.index({ serviceId: 1 });

// Every RDV shown names its motif and lieu: the RDV lists cache them per organisation under this stamp.
stampOnWrite(motifSchema, 'settings', 'organisation');

export type MotifFields = InferSchemaType<typeof motifSchema>;
export type MotifDoc = HydratedDocument<MotifFields>;
export const Motif = defineModel<MotifFields>('Motif', motifSchema);
