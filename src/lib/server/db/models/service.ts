import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';

/**
 * A service (PMI, Service social…), shared by every territory; each territory activates its own list in
 * `Territory.serviceIds`.
 */
const serviceSchema = new Schema(
	{
		name: { type: String, required: true, trim: true, maxlength: 80 },
		/** Used in SMS, where space is short. */
		shortName: { type: String, required: true, trim: true, maxlength: 20 },
		/** Secrétariat agents see and edit every agenda of their organisations; no motif may use it. */
		isSecretariat: { type: Boolean, default: false }
	},
	{ timestamps: true }
);

serviceSchema.index({ name: 1 }, { unique: true });

export type ServiceFields = InferSchemaType<typeof serviceSchema>;
export type ServiceDoc = HydratedDocument<ServiceFields>;
export const Service = defineModel<ServiceFields>('Service', serviceSchema);
