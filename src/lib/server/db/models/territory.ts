import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';
import { TERRITORY_TIME_ZONES } from '../../../domain/types.ts';

/**
 * A département ("espace"). Service activation lives here (`serviceIds`): it is a territory setting that
 * territorial admins change, and a territory lists few services, so the array stays small.
 */
const territorySchema = new Schema(
	{
		/** '62', '2A', '974'… */
		departementNumber: { type: String, required: true, trim: true, match: /^(\d{2,3}|2[AB])$/ },
		name: { type: String, required: true, trim: true, maxlength: 120 },
		timeZone: { type: String, enum: TERRITORY_TIME_ZONES, required: true },
		serviceIds: { type: [Schema.Types.ObjectId], ref: 'Service', default: [] },
		sms: {
			/** Alphanumeric sender shown on phones: 11 characters at most (operators' limit). */
			senderName: { type: String, trim: true, default: 'Guichet', match: /^[A-Za-z0-9 ]{1,11}$/ },
			/** Provider name resolved by the notify module; 'outbox' keeps messages in the dev outbox. */
			provider: { type: String, trim: true, default: 'outbox', maxlength: 40 }
		},
		/** Optional usager fields shown in forms for this territory. */
		usagerFields: {
			birthName: { type: Boolean, default: true },
			notes: { type: Boolean, default: true },
			caseNumber: { type: Boolean, default: false },
			familySituation: { type: Boolean, default: false },
			numberOfChildren: { type: Boolean, default: false }
		},
		/** Public holidays block every agenda unless the territory allows work on them. */
		allowWorkOnHolidays: { type: Boolean, default: false }
	},
	{ timestamps: true }
);

territorySchema.index({ departementNumber: 1 }, { unique: true });

export type TerritoryFields = InferSchemaType<typeof territorySchema>;
export type TerritoryDoc = HydratedDocument<TerritoryFields>;
export const Territory = defineModel<TerritoryFields>('Territory', territorySchema);
