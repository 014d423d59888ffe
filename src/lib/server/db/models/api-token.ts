import { Schema, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { defineModel } from '../model.ts';

/**
 * Bearer token for the REST API, created by an agent in "Mon compte". Only the SHA-256 of the token is stored;
 * `prefix` (the first characters) lets the agent recognise it in the list. Every token has an expiry, enforced in
 * code (no TTL index on FerretDB). Revoked and expired tokens are kept for a while so the list can show them,
 * then the sweep job deletes them (auth/sweep.ts).
 */
const apiTokenSchema = new Schema(
	{
		agentId: { type: Schema.Types.ObjectId, ref: 'Agent', required: true },
		name: { type: String, required: true, trim: true, maxlength: 100 },
		tokenHash: { type: String, required: true },
		prefix: { type: String, required: true },
		lastUsedAt: { type: Date },
		// Required since tokens expire; older documents without one are read with the default lifetime.
		expiresAt: { type: Date, required: true },
		revokedAt: { type: Date }
	},
	{ timestamps: { createdAt: true, updatedAt: false } }
);

apiTokenSchema.index({ tokenHash: 1 }, { unique: true });
apiTokenSchema.index({ agentId: 1 });
// The sweep's range deletes (MongoDB; the collection stays small: live tokens and those ended within 30 days).
apiTokenSchema.index({ expiresAt: 1 });
apiTokenSchema.index({ revokedAt: 1 }, { sparse: true });

export type ApiTokenFields = InferSchemaType<typeof apiTokenSchema>;
export type ApiTokenDoc = HydratedDocument<ApiTokenFields>;
export const ApiToken = defineModel<ApiTokenFields>('ApiToken', apiTokenSchema);
