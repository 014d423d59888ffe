/**
 * A small world for the configuration tests (lieux, motifs): territory 62 with MDS Arras and MDS Lens, territory
 * 974 without the Service social, and agents of each kind, as principals.
 */
import { Types } from 'mongoose';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { Agent, Organisation, PlageOuverture, Rdv, Service, Territory } from '../../src/lib/server/db/models/index.ts';

export interface ConfigWorld {
	ids: Record<'t62' | 't974' | 'arras' | 'lens' | 'reunion' | 'pmi' | 'social' | 'secretariat', string>;
	/** Admin of Arras and Lens (Service social). */
	admin: SessionAgent;
	/** Basic agent of Arras (PMI). */
	basic: SessionAgent;
	/** Admin of Lens only. */
	lensAdmin: SessionAgent;
	/** Admin of Arras and of the Réunion organisation. */
	multiAdmin: SessionAgent;
}

async function principal(fields: Record<string, unknown>): Promise<SessionAgent> {
	const doc = await Agent.create({ firstName: 'Prénom', ...fields });
	const agent = await loadSessionAgent(String(doc._id));
	if (!agent) throw new Error('fixture agent missing');
	return agent;
}

export async function buildConfigWorld(): Promise<ConfigWorld> {
	const oid = () => new Types.ObjectId();
	const raw = {
		t62: oid(),
		t974: oid(),
		arras: oid(),
		lens: oid(),
		reunion: oid(),
		pmi: oid(),
		social: oid(),
		secretariat: oid()
	};
	await Service.create([
		{ _id: raw.pmi, name: 'PMI', shortName: 'PMI' },
		{ _id: raw.social, name: 'Service social', shortName: 'Social' },
		{ _id: raw.secretariat, name: 'Secrétariat', shortName: 'Secr.', isSecretariat: true }
	]);
	await Territory.create([
		{
			_id: raw.t62,
			departementNumber: '62',
			name: 'Pas-de-Calais',
			timeZone: 'Europe/Paris',
			serviceIds: [raw.pmi, raw.social, raw.secretariat]
		},
		{ _id: raw.t974, departementNumber: '974', name: 'La Réunion', timeZone: 'Indian/Reunion', serviceIds: [raw.pmi] }
	]);
	await Organisation.create([
		{ _id: raw.arras, territoryId: raw.t62, name: 'MDS Arras' },
		{ _id: raw.lens, territoryId: raw.t62, name: 'MDS Lens' },
		{ _id: raw.reunion, territoryId: raw.t974, name: 'CCAS de Saint-Denis' }
	]);
	const unique = Math.random().toString(36).slice(2, 8);
	const admin = await principal({
		email: `admin-${unique}@example.org`,
		lastName: 'Admin',
		serviceIds: [raw.social],
		roles: [
			{ organisationId: raw.arras, level: 'admin' },
			{ organisationId: raw.lens, level: 'admin' }
		]
	});
	const basic = await principal({
		email: `basic-${unique}@example.org`,
		lastName: 'Basique',
		serviceIds: [raw.pmi],
		roles: [{ organisationId: raw.arras, level: 'basic' }]
	});
	const lensAdmin = await principal({
		email: `lens-${unique}@example.org`,
		lastName: 'Lens',
		serviceIds: [raw.social],
		roles: [{ organisationId: raw.lens, level: 'admin' }]
	});
	const multiAdmin = await principal({
		email: `multi-${unique}@example.org`,
		lastName: 'Multi',
		serviceIds: [raw.social],
		roles: [
			{ organisationId: raw.arras, level: 'admin' },
			{ organisationId: raw.reunion, level: 'admin' }
		]
	});
	const ids = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)])) as ConfigWorld['ids'];
	return { ids, admin, basic, lensAdmin, multiAdmin };
}

/** An RDV on the motif (and lieu), saved directly: only its references matter to these tests. */
export async function rdvOn(
	world: ConfigWorld,
	motif: { id: string; serviceId: string; locationType: string },
	lieuId?: string
) {
	return new Rdv({
		startsAt: new Date('2026-11-30T09:00:00Z'),
		endsAt: new Date('2026-11-30T09:30:00Z'),
		timeZone: 'Europe/Paris',
		organisationId: world.ids.arras,
		motifId: motif.id,
		serviceId: motif.serviceId,
		locationType: motif.locationType,
		...(lieuId ? { lieuId } : {}),
		agentIds: [world.admin.id],
		participants: [{ usagerId: new Types.ObjectId() }],
		createdBy: { kind: 'agent', agentId: world.admin.id }
	}).save();
}

/** A one-day plage of the admin in Arras on the lieu and motif. */
export async function plageOn(world: ConfigWorld, motifId: string, lieuId?: string) {
	return new PlageOuverture({
		agentId: world.admin.id,
		organisationId: world.ids.arras,
		title: 'Permanence',
		...(lieuId ? { lieuId } : {}),
		motifIds: [motifId],
		firstDay: '2026-12-01',
		startTime: '09:00',
		endTime: '12:00',
		timeZone: 'Europe/Paris'
	}).save();
}
