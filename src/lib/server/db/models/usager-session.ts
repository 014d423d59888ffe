import { Schema, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';

export const USAGER_SESSION_VIAS = ['email_code', 'franceconnect'] as const;

/**
 * Usager session (Lucia's design, as agents' sessions but a collection of its own: the two never open each
 * other's pages). `_id` is the SHA-256 (hex) of the token held in the `guichet_usager` cookie. Expiry is enforced
 * in code and expired rows are swept by the periodic job (auth/sweep.ts).
 */
const usagerSessionSchema = new Schema(
	{
		_id: { type: String, required: true },
		usagerId: { type: Schema.Types.ObjectId, ref: 'Usager', required: true },
		via: { type: String, enum: USAGER_SESSION_VIAS, required: true },
		expiresAt: { type: Date, required: true }
	},
	{ timestamps: { createdAt: true, updatedAt: false }, versionKey: false }
);

usagerSessionSchema.index({ usagerId: 1 });
usagerSessionSchema.index({ expiresAt: 1 });

export type UsagerSessionFields = InferSchemaType<typeof usagerSessionSchema>;
export const UsagerSession = defineModel<UsagerSessionFields>('UsagerSession', usagerSessionSchema);
