import { Schema, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';

/**
 * The pending sign-in code of one e-mail address (one document per address: `_id` is the SHA-256 of the
 * normalised address, so asking again replaces the code). What is stored is chosen so that a leaked collection
 * gives nothing away:
 * - not the address: the usager types it again with the code, and the account is created from what they typed;
 * - not the code: its Argon2id hash, salted per record, so trying the 10^6 codes offline costs hours per
 *   record, far beyond the code's 10 minutes.
 * Failed tries are counted in the rate-limit slots under `usager-code:<codeId>` (exact under concurrency, where
 * `$inc` is not); `codeId` changes with each new code so a fresh code gets fresh tries. Single use: a successful
 * check deletes the document, and a deletion succeeds for one caller only.
 */
const usagerLoginCodeSchema = new Schema(
	{
		_id: { type: String, required: true },
		codeId: { type: String, required: true },
		codeHash: { type: String, required: true },
		expiresAt: { type: Date, required: true }
	},
	{ timestamps: { createdAt: true, updatedAt: false }, versionKey: false }
);

usagerLoginCodeSchema.index({ expiresAt: 1 });

export type UsagerLoginCodeFields = InferSchemaType<typeof usagerLoginCodeSchema>;
export const UsagerLoginCode = defineModel<UsagerLoginCodeFields>('UsagerLoginCode', usagerLoginCodeSchema);
