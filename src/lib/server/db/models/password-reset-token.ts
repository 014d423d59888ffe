import { Schema, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';

/**
 * Emailed password-reset link. `_id` is the SHA-256 (hex) of the token in the link. Single use: consuming it
 * deletes the row, and a deletion succeeds for one caller only, so two clicks cannot both use it.
 */
const passwordResetTokenSchema = new Schema(
	{
		_id: { type: String, required: true },
		agentId: { type: Schema.Types.ObjectId, ref: 'Agent', required: true },
		expiresAt: { type: Date, required: true }
	},
	{ timestamps: { createdAt: true, updatedAt: false }, versionKey: false }
);

passwordResetTokenSchema.index({ agentId: 1 });

export type PasswordResetTokenFields = InferSchemaType<typeof passwordResetTokenSchema>;
export const PasswordResetToken = defineModel<PasswordResetTokenFields>('PasswordResetToken', passwordResetTokenSchema);
