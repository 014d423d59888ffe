/**
 * An organisation's current members as the hot paths need them — their services (whose agendas a viewer sees,
 * which live audience rooms hear their RDVs), their names (« modifié par Camille Durand », the board's rows) and
 * whether they work elsewhere too (the agenda greys their other plages) — cached per node under the
 * organisation's `members` stamp (db/stamps.ts: an arrival, a departure, a rename or a change of services bumps
 * it). The agenda feed, the board and the live push share this one cache: a request costs the organisation read it
 * does anyway instead of decoding every member.
 */
import type { RdvCardPerson } from '../../domain/rdv-card.ts';
import { Agent } from '../db/models/agent.ts';
import { Organisation } from '../db/models/organisation.ts';
import { StampedCache } from '../db/stamped-cache.ts';

export interface OrganisationMember extends RdvCardPerson {
	serviceIds: string[];
	/** Member of other organisations too. */
	elsewhere: boolean;
}

export type OrganisationMembers = ReadonlyMap<string, OrganisationMember>;

const cache = new StampedCache<OrganisationMembers>();

async function load(organisationId: string): Promise<OrganisationMembers> {
	const agents = await Agent.find(
		{ organisationIds: organisationId, deletedAt: { $exists: false } },
		{ firstName: 1, lastName: 1, serviceIds: 1, roles: 1, organisationIds: 1 }
	).lean();
	return new Map(
		agents
			.filter((a) => a.roles.some((r) => String(r.organisationId) === organisationId))
			.map((a) => [
				String(a._id),
				{
					id: String(a._id),
					firstName: a.firstName ?? '',
					lastName: a.lastName ?? '',
					serviceIds: a.serviceIds.map(String),
					elsewhere: a.organisationIds.length > 1
				}
			])
	);
}

/** The members under the organisation's current `members` stamp (the caller has read the organisation). */
export function cachedMembers(organisationId: string, membersStamp: string): Promise<OrganisationMembers> {
	return cache.get(organisationId, membersStamp, () => load(organisationId));
}

/** The organisation's current members, reading its stamp first (empty for an unknown organisation). */
export async function organisationMembers(organisationId: string): Promise<OrganisationMembers> {
	const org = await Organisation.findById(organisationId, { stamps: 1 }).lean();
	if (!org) return new Map();
	return cachedMembers(organisationId, org.stamps?.members ?? '');
}
