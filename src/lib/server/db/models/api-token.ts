import { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { defineModel } from '../model.ts';

/**
 * Bearer token for the REST API, created by an agent in "Mon compte". Only the SHA-256 of the token is stored;
 * `prefix` (the first characters) lets the agent recognise it in the list. Revoked tokens are kept (revokedAt)
 * so the list shows them; expiry is enforced in code.
 */
const apiTokenSchema = new Schema(
	{
		agentId: { type: Schema.Types.ObjectId, ref: 'Agent', required: true },
		name: { type: String, required: true, trim: true, maxlength: 100 },
		tokenHash: { type: String, required: true },
		prefix: { type: String, required: true },
		lastUsedAt: { type: Date },
		expiresAt: { type: Date },
		revokedAt: { type: Date }
	},
	{ timestamps: { createdAt: true, updatedAt: false } }
);

apiTokenSchema.index({ tokenHash: 1 }, { unique: true });
apiTokenSchema.index({ agentId: 1 });

export type ApiTokenFields = InferSchemaType<typeof apiTokenSchema>;
export type ApiTokenDoc = HydratedDocument<ApiTokenFields>;
export const ApiToken = defineModel<ApiTokenFields>('ApiToken', apiTokenSchema);
