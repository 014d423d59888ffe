/**
 * A small organisation for the plage and absence tests: two services, an admin, two basic agents of different
 * services, a Secrétariat agent, an agent of another organisation, motifs and a lieu.
 */
import { Types } from 'mongoose';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { Agent, Lieu, Motif, Organisation, Service, Territory } from '../../src/lib/server/db/models/index.ts';
import type { PlageInput } from '../../src/lib/server/services/plages.ts';

export interface PlageFixture {
	orgId: string;
	otherOrgId: string;
	lieuId: string;
	motifs: { onSite: string; phone: string; long: string; social: string; collective: string };
	agents: {
		admin: SessionAgent;
		pmi: SessionAgent;
		pmiColleague: SessionAgent;
		social: SessionAgent;
		secretariat: SessionAgent;
		outsider: SessionAgent;
	};
}

export async function createPlageFixture(): Promise<PlageFixture> {
	const ids = {
		territory: new Types.ObjectId(),
		org: new Types.ObjectId(),
		other: new Types.ObjectId(),
		pmi: new Types.ObjectId(),
		social: new Types.ObjectId(),
		secretariat: new Types.ObjectId()
	};
	await Service.create([
		{ _id: ids.pmi, name: 'PMI', shortName: 'PMI' },
		{ _id: ids.social, name: 'Service social', shortName: 'Social' },
		{ _id: ids.secretariat, name: 'Secrétariat', shortName: 'Secr.', isSecretariat: true }
	]);
	await Territory.create({
		_id: ids.territory,
		departementNumber: '62',
		name: 'Pas-de-Calais',
		timeZone: 'Europe/Paris'
	});
	await Organisation.create([
		{ _id: ids.org, territoryId: ids.territory, name: 'MDS Test' },
		{ _id: ids.other, territoryId: ids.territory, name: 'MDS Autre' }
	]);
	const lieu = await Lieu.create({ organisationId: ids.org, name: 'Siège', address: '1 rue de la Paix, 62000 Arras' });
	const motif = (fields: Record<string, unknown>) =>
		Motif.create({ organisationId: ids.org, serviceId: ids.pmi, locationType: 'public_office', ...fields });
	const [onSite, phone, long, social, collective] = await Promise.all([
		motif({ name: 'Consultation', durationMinutes: 30 }),
		motif({ name: 'Appel', durationMinutes: 15, locationType: 'phone' }),
		motif({ name: 'Bilan long', durationMinutes: 180, locationType: 'phone' }),
		motif({ name: 'Accueil social', serviceId: ids.social }),
		motif({ name: 'Atelier', collective: true })
	]);
	const agent = async (
		lastName: string,
		serviceIds: Types.ObjectId[],
		roles: { organisationId: Types.ObjectId; level: string }[]
	) => {
		const doc = await Agent.create({
			firstName: 'Test',
			lastName,
			email: `${lastName.toLowerCase()}@example.org`,
			serviceIds,
			roles
		});
		const principal = await loadSessionAgent(String(doc._id));
		if (!principal) throw new Error('agent not loaded');
		return principal;
	};
	const member = (level = 'basic') => [{ organisationId: ids.org, level }];
	return {
		orgId: String(ids.org),
		otherOrgId: String(ids.other),
		lieuId: String(lieu._id),
		motifs: {
			onSite: String(onSite._id),
			phone: String(phone._id),
			long: String(long._id),
			social: String(social._id),
			collective: String(collective._id)
		},
		agents: {
			admin: await agent('Admin', [ids.social], member('admin')),
			pmi: await agent('Pmi', [ids.pmi], [...member(), { organisationId: ids.other, level: 'basic' }]),
			pmiColleague: await agent('Collegue', [ids.pmi], member()),
			social: await agent('Social', [ids.social], member()),
			secretariat: await agent('Secretariat', [ids.secretariat], member()),
			outsider: await agent('Dehors', [ids.pmi], [{ organisationId: ids.other, level: 'basic' }])
		}
	};
}

/** The PMI agent's weekly morning permanence at the fixture's lieu, from `firstDay` on `weekdays`, with changes. */
export function weeklyPlage(
	f: PlageFixture,
	firstDay: string,
	weekdays: number[],
	fields: Partial<PlageInput> = {}
): PlageInput {
	return {
		agentId: f.agents.pmi.id,
		title: 'Permanence',
		lieuId: f.lieuId,
		motifIds: [f.motifs.onSite],
		firstDay,
		startTime: '09:00',
		endTime: '12:00',
		recurrence: { every: 'week', interval: 1, weekdays },
		...fields
	};
}
