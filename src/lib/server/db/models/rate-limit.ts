import { Schema, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';

/**
 * One document per attempt counted under a rate-limit key (e.g. `login:account:<email hash>`) in a fixed
 * window, holding one of the window's `max` numbered slots. The unique index on (key, windowStart, slot) is
 * what makes the limit exact under concurrency: PostgreSQL enforces it atomically, so two attempts can never
 * hold the same slot. A counter document with `$inc` would not do: FerretDB v1 applies `$inc` as
 * read-modify-write and loses concurrent increments (50 parallel increments of one document ended at 2 when
 * measured here), and `findOneAndUpdate` is not atomic either.
 *
 * The same collection holds remembered keys (`rememberKey` in auth/rate-limit.ts: window 0, slot 0), such as an
 * address an agent signed in from, which is exempt from that agent's account-wide sign-in ceiling until
 * `expiresAt`. Their scopes differ from every limit's, so a limit's clean-up of its old windows never meets them.
 */
const rateLimitSlotSchema = new Schema(
	{
		key: { type: String, required: true },
		windowStart: { type: Date, required: true },
		slot: { type: Number, required: true },
		/** End of the window: what the sweep deletes on. */
		expiresAt: { type: Date, required: true }
	},
	{ versionKey: false }
);

rateLimitSlotSchema.index({ key: 1, windowStart: 1, slot: 1 }, { unique: true });
rateLimitSlotSchema.index({ expiresAt: 1 });

export type RateLimitSlotFields = InferSchemaType<typeof rateLimitSlotSchema>;
export const RateLimitSlot = defineModel<RateLimitSlotFields>('RateLimitSlot', rateLimitSlotSchema);
