import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canAccessOrganisation, canSeeAgenda, canSeeRdv } from '../../domain/permissions.ts';
import type { AgentPrincipal, AgentRole } from '../../domain/types.ts';
import {
	audienceOf,
	boardRoomOrganisation,
	orgRoom,
	planningRoomOrganisation,
	planningRooms,
	rdvAudiences,
	type AudienceRdv
} from './audiences.ts';

const ORG = 'a'.repeat(24);
const OTHER_ORG = 'b'.repeat(24);
const agentIds = ['ag1', 'ag2', 'ag3', 'ag4', 'ag5'];
const serviceIds = ['s1', 's2', 's3', 's4'];

const subset = <T>(values: T[]) => fc.subarray(values);

const principalArb: fc.Arbitrary<AgentPrincipal> = fc.record({
	id: fc.constantFrom(...agentIds, 'viewer'),
	roles: fc
		.subarray([ORG, OTHER_ORG])
		.chain((orgs) =>
			fc
				.tuple(...orgs.map(() => fc.constantFrom<AgentRole>('basic', 'admin', 'intervenant')))
				.map((levels) => orgs.map((organisationId, i) => ({ organisationId, level: levels[i]! })))
		),
	serviceIds: subset(serviceIds),
	secretariat: fc.boolean(),
	territorialRoles: fc.constant([])
});

/** Each member's services (an agent missing from the map left the organisation). */
const membersArb = fc.dictionary(fc.constantFrom(...agentIds), subset(serviceIds), { maxKeys: agentIds.length });

const rdvArb: fc.Arbitrary<AudienceRdv> = fc.record(
	{
		organisationId: fc.constant(ORG),
		serviceId: fc.constantFrom(...serviceIds),
		agentIds: fc.subarray(agentIds, { minLength: 1 }),
		previousAgentIds: fc.subarray(agentIds, { minLength: 1 })
	},
	{ requiredKeys: ['organisationId', 'serviceId', 'agentIds'] }
);

/** What the permissions module says this principal may know of the change. */
function expected(p: AgentPrincipal, rdv: AudienceRdv, members: Record<string, string[]>) {
	const sees = (agentIds: readonly string[]) =>
		canSeeRdv(p, { organisationId: ORG, serviceId: rdv.serviceId, agentIds }) ||
		agentIds.some((agentId) =>
			canSeeAgenda(p, { organisationId: ORG, agentId, agentServiceIds: members[agentId] ?? [] })
		);
	if (canSeeRdv(p, { organisationId: ORG, serviceId: rdv.serviceId, agentIds: rdv.agentIds })) return 'full';
	if (sees(rdv.agentIds)) return 'busy';
	if (rdv.previousAgentIds && sees(rdv.previousAgentIds)) return 'gone';
	return canAccessOrganisation(p, ORG) ? 'none' : null;
}

describe('rdvAudiences', () => {
	it('gives every follower exactly what the permissions module allows (full, busy, gone, none)', () => {
		fc.assert(
			fc.property(principalArb, rdvArb, membersArb, (p, rdv, members) => {
				const audiences = rdvAudiences(rdv, (id) => members[id]);
				const rooms = new Set(planningRooms(p, ORG));
				expect(audienceOf(rooms, ORG, audiences)).toBe(expected(p, rdv, members));
			}),
			{ numRuns: 2000 }
		);
	});

	it('never lists a room twice across the audiences', () => {
		fc.assert(
			fc.property(rdvArb, membersArb, (rdv, members) => {
				const { full, busy, gone } = rdvAudiences(rdv, (id) => members[id]);
				const all = [...full, ...busy, ...gone];
				expect(new Set(all).size).toBe(all.length);
				expect(all).not.toContain(orgRoom(ORG));
			})
		);
	});

	it('names the rooms of one example', () => {
		const audiences = rdvAudiences(
			{ organisationId: ORG, serviceId: 's1', agentIds: ['ag1'], previousAgentIds: ['ag2'] },
			(id) => ({ ag1: ['s1', 's2'], ag2: ['s3'] })[id]
		);
		expect(audiences).toEqual({
			full: [`org:${ORG}:all`, `org:${ORG}:svc:s1`, `org:${ORG}:agent:ag1`],
			busy: [`org:${ORG}:svc:s2`],
			gone: [`org:${ORG}:agent:ag2`, `org:${ORG}:svc:s3`]
		});
	});
});

describe('planning rooms', () => {
	it('puts admins and secrétariat in the all room, basic agents in their services’ and their own', () => {
		const base = { id: 'me', serviceIds: ['s1', 's2'], territorialRoles: [] };
		expect(
			planningRooms({ ...base, secretariat: false, roles: [{ organisationId: ORG, level: 'admin' }] }, ORG)
		).toEqual([`org:${ORG}`, `org:${ORG}:all`]);
		expect(
			planningRooms({ ...base, secretariat: true, roles: [{ organisationId: ORG, level: 'basic' }] }, ORG)
		).toEqual([`org:${ORG}`, `org:${ORG}:all`]);
		expect(
			planningRooms({ ...base, secretariat: false, roles: [{ organisationId: ORG, level: 'basic' }] }, ORG)
		).toEqual([`org:${ORG}`, `org:${ORG}:svc:s1`, `org:${ORG}:svc:s2`, `org:${ORG}:agent:me`]);
		expect(
			planningRooms({ ...base, secretariat: false, roles: [{ organisationId: ORG, level: 'intervenant' }] }, ORG)
		).toEqual([]);
	});

	it('reads the organisation back from any of its rooms', () => {
		fc.assert(
			fc.property(principalArb, (p) => {
				for (const room of planningRooms(p, ORG)) expect(planningRoomOrganisation(room)).toBe(ORG);
			})
		);
		expect(planningRoomOrganisation(`agent:${ORG}`)).toBeNull();
		expect(boardRoomOrganisation(`board:${ORG}`)).toBe(ORG);
		expect(boardRoomOrganisation(`org:${ORG}`)).toBeNull();
	});
});
