import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';

/**
 * Read model of the RDV list and the agenda: the cards (domain/rdv-card.ts) of one organisation's RDVs touching
 * one local day, so a day costs one small document instead of ~200 RDVs that FerretDB decodes one by one.
 * Written by db/read-models/rdv-day-cards.ts after every RDV write; the RDVs stay the truth.
 *
 * Versions are immutable documents {key, seq}, as AgentBusyWeek: a writer picks `seq` = latest + 1 BEFORE reading
 * the RDVs it applies and inserts; the unique index lets one writer per seq win (FerretDB v1 makes no filtered
 * update atomic), the others start again from the winner's cards. Older versions are removed after a successful
 * insert; readers keep the highest seq per key.
 */
const rdvDayCardsSchema = new Schema(
	{
		/** 'organisationId:AAAA-MM-JJ'. */
		key: { type: String, required: true },
		seq: { type: Number, required: true, min: 1 },
		organisationId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true },
		day: { type: String, required: true },
		/**
		 * The cards (RdvCard[], sorted by start then id) as deflated JSON (read-models/rdv-day-cards.ts packs them):
		 * FerretDB's cost is the bytes it decodes — ~200 nested documents cost it about as much as the RDVs
		 * themselves, and even as one JSON string (its quotes escaped in PostgreSQL's jsonb) a full day took
		 * ~25 ms; deflated, the repetitive cards shrink several times.
		 */
		cards: { type: Buffer, required: true },
		builtAt: { type: Date, default: () => new Date() }
	},
	{ versionKey: false }
);

rdvDayCardsSchema.index({ key: 1, seq: 1 }, { unique: true });

export type RdvDayCardsFields = InferSchemaType<typeof rdvDayCardsSchema>;
export type RdvDayCardsDoc = HydratedDocument<RdvDayCardsFields>;
export const RdvDayCards = defineModel<RdvDayCardsFields>('RdvDayCards', rdvDayCardsSchema);
