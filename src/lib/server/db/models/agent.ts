import { Schema, type InferSchemaType, type HydratedDocument, Types } from 'mongoose';
import { defineModel } from '../model.ts';
import { stampOnWrite } from '../stamps.ts';
import { updatedPaths, watchQueryWrites } from '../query-writes.ts';
import { events } from '../../events.ts';
import { AGENT_ROLES, RDV_NOTIFICATION_LEVELS, TOGGLE_NOTIFICATION_LEVELS } from '../../../domain/types.ts';

/** One role per organisation. */
const roleSchema = new Schema(
	{
		organisationId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true },
		level: { type: String, enum: AGENT_ROLES, required: true }
	},
	{ _id: false }
);

/** Territorial admin ("admin d'espace") of a territory, with its three extra flags. */
const territorialRoleSchema = new Schema(
	{
		territoryId: { type: Schema.Types.ObjectId, ref: 'Territory', required: true },
		manageTeams: { type: Boolean, default: false },
		manageAccessRights: { type: Boolean, default: false },
		inviteAgents: { type: Boolean, default: false }
	},
	{ _id: false }
);

const agentSchema = new Schema(
	{
		/** Unique when present: intervenants have none (never store null or ""). */
		email: { type: String, lowercase: true, trim: true },
		firstName: { type: String, trim: true, default: '' },
		lastName: { type: String, required: true, trim: true },
		passwordHash: { type: String },
		serviceIds: { type: [Schema.Types.ObjectId], ref: 'Service', default: [] },
		roles: { type: [roleSchema], default: [] },
		/** Denormalised from roles: the equality key organisation queries select on. */
		organisationIds: { type: [Schema.Types.ObjectId], ref: 'Organisation', default: [] },
		territorialRoles: { type: [territorialRoleSchema], default: [] },
		territoryIds: { type: [Schema.Types.ObjectId], ref: 'Territory', default: [] },
		rdvNotificationLevel: { type: String, enum: RDV_NOTIFICATION_LEVELS, default: 'others' },
		plageNotificationLevel: { type: String, enum: TOGGLE_NOTIFICATION_LEVELS, default: 'all' },
		absenceNotificationLevel: { type: String, enum: TOGGLE_NOTIFICATION_LEVELS, default: 'all' },
		/** SHA-256 of the secret in the agent's ICS feed URL. */
		calendarSecretHash: { type: String },
		invitation: {
			tokenHash: { type: String },
			sentAt: { type: Date },
			expiresAt: { type: Date },
			acceptedAt: { type: Date }
		},
		lastSignInAt: { type: Date },
		deletedAt: { type: Date }
	},
	{ timestamps: true }
);

agentSchema.pre('validate', function () {
	this.organisationIds = [...new Set(this.roles.map((r) => String(r.organisationId)))].map(
		(id) => new Types.ObjectId(id)
	);
	this.territoryIds = [...new Set(this.territorialRoles.map((r) => String(r.territoryId)))].map(
		(id) => new Types.ObjectId(id)
	);
});

agentSchema.index({ email: 1 }, { unique: true, sparse: true });
// Sign-ins, passwords, invitations, feeds and notification settings: not what the searches cache of members.
stampOnWrite(agentSchema, 'members', 'member', {
	unrelated: [
		'lastSignInAt',
		'passwordHash',
		'invitation',
		'calendarSecretHash',
		'rdvNotificationLevel',
		'plageNotificationLevel',
		'absenceNotificationLevel'
	]
});
// What decides what the agent may see: its live sockets re-derive their rooms at once when it changes (realtime
// listens), whichever path wrote it (a page, a script, a query update), instead of at the next periodic check.
const RIGHTS = ['roles', 'serviceIds', 'secretariat', 'territorialRoles', 'deletedAt'];
const rightsChanged = (agentIds: unknown[]) =>
	Promise.all(agentIds.map((id) => events.publish('agent.rightsChanged', { agentId: String(id) })));
agentSchema.pre('save', function () {
	this.$locals.rightsChanged = !this.isNew && RIGHTS.some((path) => this.isModified(path));
});
agentSchema.post('save', async function () {
	if (this.$locals.rightsChanged) await rightsChanged([this._id]);
});
watchQueryWrites<{ _id: unknown }>(agentSchema, {
	projection: { _id: 1 },
	concerns(query, op) {
		const paths = updatedPaths(query, op);
		return !paths || paths.some((path) => RIGHTS.includes(path.split('.')[0]!));
	},
	after: (before) => rightsChanged(before.map((a) => a._id)).then(() => undefined)
});

agentSchema.index({ organisationIds: 1 });
agentSchema.index({ territoryIds: 1 });
agentSchema.index({ calendarSecretHash: 1 }, { sparse: true });

export type AgentFields = InferSchemaType<typeof agentSchema>;
export type AgentDoc = HydratedDocument<AgentFields>;
export const Agent = defineModel<AgentFields>('Agent', agentSchema);
