import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';

/**
 * Optimistic concurrency for RDVs: saving version N+1 first inserts {rdvId, version: N+1}; the unique index
 * lets exactly one concurrent writer through (a filtered update on `version` is not atomic on FerretDB v1).
 * Doubles as the RDV's change history (the RDV page shows it): who, when, and a short French `summary` of what
 * changed, written by the service that made the change.
 */
const rdvRevisionSchema = new Schema(
	{
		rdvId: { type: Schema.Types.ObjectId, ref: 'Rdv', required: true },
		version: { type: Number, required: true, min: 1 },
		agentId: { type: Schema.Types.ObjectId, ref: 'Agent' },
		/** What this version did: a writer that lost the race for it learns whether the RDV was cancelled. */
		change: { type: String, enum: ['update', 'cancel'] },
		/** What changed, for people (« Statut : Honoré », « Déplacé au 10/03/2026 à 14:00 »). No usager names. */
		summary: { type: String, maxlength: 300 },
		createdAt: { type: Date, default: () => new Date() }
	},
	{ versionKey: false }
);

rdvRevisionSchema.index({ rdvId: 1, version: 1 }, { unique: true });

export type RdvRevisionFields = InferSchemaType<typeof rdvRevisionSchema>;
export type RdvRevisionDoc = HydratedDocument<RdvRevisionFields>;
export const RdvRevision = defineModel<RdvRevisionFields>('RdvRevision', rdvRevisionSchema);
