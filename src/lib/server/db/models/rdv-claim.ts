import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';

/**
 * No double booking: one document per agent and 5-minute bucket an active RDV covers. The unique index is
 * enforced atomically by both MongoDB and FerretDB (unlike findOneAndUpdate), so concurrent bookings of the
 * same time cannot both insert. Written and removed only by services/claims.ts.
 */
const rdvClaimSchema = new Schema(
	{
		agentId: { type: Schema.Types.ObjectId, ref: 'Agent', required: true },
		/** Start of the 5-minute bucket (UTC instant, multiple of 5 minutes). */
		bucket: { type: Date, required: true },
		rdvId: { type: Schema.Types.ObjectId, ref: 'Rdv', required: true },
		createdAt: { type: Date, default: () => new Date() }
	},
	{ versionKey: false }
);

rdvClaimSchema.index({ agentId: 1, bucket: 1 }, { unique: true });
rdvClaimSchema.index({ rdvId: 1 });

export type RdvClaimFields = InferSchemaType<typeof rdvClaimSchema>;
export type RdvClaimDoc = HydratedDocument<RdvClaimFields>;
export const RdvClaim = defineModel<RdvClaimFields>('RdvClaim', rdvClaimSchema);
