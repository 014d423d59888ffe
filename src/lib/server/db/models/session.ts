import { Schema, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';

/**
 * Agent session (Lucia's design). `_id` is the SHA-256 (hex) of the token held in the cookie: the token itself
 * is never stored. Expiry is enforced in code and expired rows are swept by `deleteExpiredSessions`.
 */
const sessionSchema = new Schema(
	{
		_id: { type: String, required: true },
		agentId: { type: Schema.Types.ObjectId, ref: 'Agent', required: true },
		expiresAt: { type: Date, required: true }
	},
	{ timestamps: { createdAt: true, updatedAt: false }, versionKey: false }
);

sessionSchema.index({ agentId: 1 });

export type SessionFields = InferSchemaType<typeof sessionSchema>;
export const Session = defineModel<SessionFields>('Session', sessionSchema);
