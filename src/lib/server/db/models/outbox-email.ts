import { Schema, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';

/**
 * Development outbox: where the mailer puts messages when no Resend key is configured, readable at
 * /dev/emails. Off in production (the page 404s there, and production sends through Resend).
 */
const attachmentSchema = new Schema(
	{
		filename: { type: String, required: true },
		contentType: { type: String },
		/** Base64, so that binary attachments survive the round trip. */
		contentBase64: { type: String, required: true },
		size: { type: Number, required: true }
	},
	{ _id: false }
);

const outboxEmailSchema = new Schema(
	{
		from: { type: String, required: true },
		to: { type: String, required: true, lowercase: true, trim: true },
		subject: { type: String, required: true },
		html: { type: String, required: true },
		text: { type: String, required: true },
		/** Unique when present (never null): a retried send returns the first message, as Resend does. */
		idempotencyKey: { type: String },
		attachments: { type: [attachmentSchema], default: [] }
	},
	{ timestamps: { createdAt: true, updatedAt: false }, versionKey: false }
);

outboxEmailSchema.index({ idempotencyKey: 1 }, { unique: true, sparse: true });
outboxEmailSchema.index({ to: 1, createdAt: -1 });
outboxEmailSchema.index({ createdAt: -1 });

export type OutboxEmailFields = InferSchemaType<typeof outboxEmailSchema>;
export const OutboxEmail = defineModel<OutboxEmailFields>('OutboxEmail', outboxEmailSchema);
