import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';

/**
 * Read model of the availability grid: an agent's active RDVs of one ISO week (any organisation), packed into
 * one string (domain/busy-intervals.ts). Derived from the RDVs by db/busy-time.ts after every RDV write; the
 * RDVs and their claims stay the truth (booking checks read the RDVs themselves).
 *
 * Versions are immutable documents {key, seq}: a rebuild picks `seq` = latest + 1 BEFORE reading the RDVs and
 * inserts; the unique index lets one rebuild per seq win, so the highest seq always reflects every RDV write
 * that finished before its rebuild began (no filtered update, which FerretDB v1 does not make atomic). Older
 * versions are removed after a successful insert; readers keep the highest seq per key.
 */
const agentBusyWeekSchema = new Schema(
	{
		/** 'agentId:ISO week', as Rdv.agentWeeks. */
		key: { type: String, required: true },
		seq: { type: Number, required: true, min: 1 },
		agentId: { type: Schema.Types.ObjectId, ref: 'Agent', required: true },
		week: { type: String, required: true },
		/**
		 * 'organisationId:week' of every organisation this agent ever had an RDV with in this week (kept across
		 * versions, never shrinks, so a reader selecting on an organisation never misses the latest version).
		 */
		orgWeeks: { type: [String], default: [] },
		/** Packed active intervals (domain/busy-intervals.ts); '' when the agent is free all week. */
		busy: { type: String, default: '' },
		builtAt: { type: Date, default: () => new Date() }
	},
	{ versionKey: false }
);

agentBusyWeekSchema.index({ key: 1, seq: 1 }, { unique: true });
agentBusyWeekSchema.index({ orgWeeks: 1 });

export type AgentBusyWeekFields = InferSchemaType<typeof agentBusyWeekSchema>;
export type AgentBusyWeekDoc = HydratedDocument<AgentBusyWeekFields>;
export const AgentBusyWeek = defineModel<AgentBusyWeekFields>('AgentBusyWeek', agentBusyWeekSchema);
