import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	accessibleOrganisationIds,
	canAccessOrganisation,
	canAdminOrganisation,
	canChangeAgentServices,
	canEditAgenda,
	canEditOrganisation,
	canEditRdv,
	canEditUsager,
	canInviteAgents,
	canManageAccessRights,
	canManageMotif,
	canManageOrganisationMembers,
	canManageTeams,
	canManageTerritory,
	canSeeAgenda,
	canSeeMotif,
	canSeeOrganisation,
	canSeeRdv,
	canSeeUsager,
	canSuperviseOrganisation,
	isTerritorialAdmin,
	organisationRole,
	organisationScope
} from './permissions.ts';
import { AGENT_ROLES, type AgentPrincipal } from './types.ts';

const ORG_A = 'org-a';
const ORG_B = 'org-b';
const PMI = 'svc-pmi';
const SOCIAL = 'svc-social';
const T62 = 'ter-62';
const T974 = 'ter-974';

function principal(overrides: Partial<AgentPrincipal> = {}): AgentPrincipal {
	return { id: 'me', roles: [], serviceIds: [PMI], secretariat: false, territorialRoles: [], ...overrides };
}

const basicA = principal({ roles: [{ organisationId: ORG_A, level: 'basic' }] });
const adminA = principal({ roles: [{ organisationId: ORG_A, level: 'admin' }] });

describe('organisation roles', () => {
	it('reads the role per organisation', () => {
		expect(organisationRole(basicA, ORG_A)).toBe('basic');
		expect(organisationRole(basicA, ORG_B)).toBeNull();
	});

	it('gives access to basic and admin members only', () => {
		expect(canAccessOrganisation(basicA, ORG_A)).toBe(true);
		expect(canAccessOrganisation(basicA, ORG_B)).toBe(false);
		expect(canAdminOrganisation(basicA, ORG_A)).toBe(false);
		expect(canAdminOrganisation(adminA, ORG_A)).toBe(true);
	});

	it('treats an intervenant as having no access at all', () => {
		const intervenant = principal({ roles: [{ organisationId: ORG_A, level: 'intervenant' }] });
		expect(canAccessOrganisation(intervenant, ORG_A)).toBe(false);
		expect(organisationScope(intervenant, ORG_A)).toEqual({ kind: 'none' });
		expect(canSeeAgenda(intervenant, { organisationId: ORG_A, agentId: 'me', agentServiceIds: [PMI] })).toBe(false);
		expect(accessibleOrganisationIds(intervenant)).toEqual([]);
	});

	it('lists accessible organisations without duplicates', () => {
		const agent = principal({
			roles: [
				{ organisationId: ORG_A, level: 'basic' },
				{ organisationId: ORG_B, level: 'intervenant' },
				{ organisationId: 'org-c', level: 'admin' }
			]
		});
		expect(accessibleOrganisationIds(agent)).toEqual([ORG_A, 'org-c']);
	});
});

describe('agendas', () => {
	const colleagueSamService = { organisationId: ORG_A, agentId: 'other', agentServiceIds: [PMI, 'svc-x'] };
	const colleagueOtherService = { organisationId: ORG_A, agentId: 'other', agentServiceIds: [SOCIAL] };

	it('lets a basic agent see and edit its own agenda and those sharing a service', () => {
		expect(canSeeAgenda(basicA, { organisationId: ORG_A, agentId: 'me', agentServiceIds: [] })).toBe(true);
		expect(canSeeAgenda(basicA, colleagueSamService)).toBe(true);
		expect(canEditAgenda(basicA, colleagueSamService)).toBe(true);
		expect(canSeeAgenda(basicA, colleagueOtherService)).toBe(false);
		expect(canEditAgenda(basicA, colleagueOtherService)).toBe(false);
	});

	it('lets admins and Secrétariat members see every agenda of their organisation', () => {
		const secretariat = principal({ roles: [{ organisationId: ORG_A, level: 'basic' }], secretariat: true });
		for (const agent of [adminA, secretariat]) {
			expect(canSeeAgenda(agent, colleagueOtherService)).toBe(true);
			expect(canEditAgenda(agent, colleagueOtherService)).toBe(true);
			expect(canSeeAgenda(agent, { ...colleagueOtherService, organisationId: ORG_B })).toBe(false);
		}
	});
});

describe('RDVs and motifs', () => {
	it('lets a basic agent see RDVs of its services or that it takes part in', () => {
		expect(canSeeRdv(basicA, { organisationId: ORG_A, serviceId: PMI, agentIds: ['x'] })).toBe(true);
		expect(canSeeRdv(basicA, { organisationId: ORG_A, serviceId: SOCIAL, agentIds: ['x', 'me'] })).toBe(true);
		expect(canSeeRdv(basicA, { organisationId: ORG_A, serviceId: SOCIAL, agentIds: ['x'] })).toBe(false);
		expect(canEditRdv(basicA, { organisationId: ORG_A, serviceId: SOCIAL, agentIds: ['x'] })).toBe(false);
		expect(canEditRdv(adminA, { organisationId: ORG_A, serviceId: SOCIAL, agentIds: ['x'] })).toBe(true);
	});

	it('shows motifs of own services, all of them to admins and Secrétariat', () => {
		const secretariat = principal({ roles: [{ organisationId: ORG_A, level: 'basic' }], secretariat: true });
		expect(canSeeMotif(basicA, { organisationId: ORG_A, serviceId: PMI })).toBe(true);
		expect(canSeeMotif(basicA, { organisationId: ORG_A, serviceId: SOCIAL })).toBe(false);
		expect(canSeeMotif(secretariat, { organisationId: ORG_A, serviceId: SOCIAL })).toBe(true);
		expect(canSeeMotif(adminA, { organisationId: ORG_A, serviceId: SOCIAL })).toBe(true);
	});

	it('keeps motif management to organisation admins', () => {
		expect(canManageMotif(basicA, { organisationId: ORG_A })).toBe(false);
		expect(canManageMotif(adminA, { organisationId: ORG_A })).toBe(true);
		expect(canManageMotif(adminA, { organisationId: ORG_B })).toBe(false);
	});
});

describe('usagers', () => {
	it('shares usagers across the members of any of their organisations', () => {
		expect(canSeeUsager(basicA, { organisationIds: [ORG_B, ORG_A] })).toBe(true);
		expect(canEditUsager(basicA, { organisationIds: [ORG_B] })).toBe(false);
		expect(canSeeUsager(basicA, { organisationIds: [] })).toBe(false);
	});
});

describe('territorial admins', () => {
	const espace = principal({
		territorialRoles: [{ territoryId: T62, manageTeams: true, manageAccessRights: false, inviteAgents: true }]
	});

	it('manage the territory but are not members of its organisations', () => {
		expect(isTerritorialAdmin(espace, T62)).toBe(true);
		expect(canManageTerritory(espace, T62)).toBe(true);
		expect(canManageTerritory(espace, T974)).toBe(false);
		expect(canAccessOrganisation(espace, ORG_A)).toBe(false);
		expect(canSeeRdv(espace, { organisationId: ORG_A, serviceId: PMI, agentIds: ['me'] })).toBe(false);
	});

	it('edit organisation settings, invite and supervise within their territory only', () => {
		expect(canSeeOrganisation(espace, { organisationId: ORG_A, territoryId: T62 })).toBe(true);
		expect(canSeeOrganisation(espace, { organisationId: ORG_A, territoryId: T974 })).toBe(false);
		expect(canSeeOrganisation(basicA, { organisationId: ORG_A, territoryId: T974 })).toBe(true);
		expect(canEditOrganisation(espace, { organisationId: ORG_A, territoryId: T62 })).toBe(true);
		expect(canEditOrganisation(espace, { organisationId: ORG_A, territoryId: T974 })).toBe(false);
		expect(canInviteAgents(espace, { organisationId: ORG_A, territoryId: T62 })).toBe(true);
		expect(canSuperviseOrganisation(espace, { organisationId: ORG_A, territoryId: T62 })).toBe(true);
		expect(canSuperviseOrganisation(basicA, { organisationId: ORG_A, territoryId: T62 })).toBe(false);
	});

	it('hold their flags per territory', () => {
		expect(canManageTeams(espace, T62)).toBe(true);
		expect(canManageAccessRights(espace, T62)).toBe(false);
		expect(canChangeAgentServices(espace, T62)).toBe(true);
		expect(canChangeAgentServices(adminA, T62)).toBe(false);
		const noInvite = principal({
			territorialRoles: [{ territoryId: T62, manageTeams: false, manageAccessRights: false, inviteAgents: false }]
		});
		expect(canInviteAgents(noInvite, { organisationId: ORG_A, territoryId: T62 })).toBe(false);
		expect(canInviteAgents(adminA, { organisationId: ORG_A, territoryId: T62 })).toBe(true);
	});
});

// ---- Properties ----

const ids = ['o1', 'o2', 'o3', 'o4'];
const services = ['s1', 's2', 's3', 's4'];
const agentIds = ['a1', 'a2', 'a3'];
const territories = ['t1', 't2', 't3'];

const arbPrincipal: fc.Arbitrary<AgentPrincipal> = fc.record({
	id: fc.constantFrom(...agentIds),
	roles: fc.uniqueArray(
		fc.record({ organisationId: fc.constantFrom(...ids), level: fc.constantFrom(...AGENT_ROLES) }),
		{ selector: (r) => r.organisationId, maxLength: 4 }
	),
	serviceIds: fc.uniqueArray(fc.constantFrom(...services), { maxLength: 4 }),
	secretariat: fc.boolean(),
	territorialRoles: fc.uniqueArray(
		fc.record({
			territoryId: fc.constantFrom(...territories),
			manageTeams: fc.boolean(),
			manageAccessRights: fc.boolean(),
			inviteAgents: fc.boolean()
		}),
		{ selector: (r) => r.territoryId, maxLength: 3 }
	)
});

const arbServices = fc.uniqueArray(fc.constantFrom(...services), { maxLength: 4 });
const arbAgents = fc.uniqueArray(fc.constantFrom(...agentIds), { maxLength: 3 });

/** Every organisation-scoped question, on targets of organisation `org`. */
function orgChecks(org: string) {
	return fc
		.record({
			agenda: fc.record({ agentId: fc.constantFrom(...agentIds), agentServiceIds: arbServices }),
			rdv: fc.record({ serviceId: fc.constantFrom(...services), agentIds: arbAgents }),
			motifService: fc.constantFrom(...services),
			otherUsagerOrgs: fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 4 })
		})
		.map((t) => (agent: AgentPrincipal) => {
			const agenda = { organisationId: org, ...t.agenda };
			const rdv = { organisationId: org, ...t.rdv };
			const motif = { organisationId: org, serviceId: t.motifService };
			return {
				access: canAccessOrganisation(agent, org),
				admin: canAdminOrganisation(agent, org),
				members: canManageOrganisationMembers(agent, org),
				seeAgenda: canSeeAgenda(agent, agenda),
				editAgenda: canEditAgenda(agent, agenda),
				seeRdv: canSeeRdv(agent, rdv),
				editRdv: canEditRdv(agent, rdv),
				seeMotif: canSeeMotif(agent, motif),
				manageMotif: canManageMotif(agent, motif),
				seeUsager: canSeeUsager(agent, { organisationIds: [org] }),
				editUsager: canEditUsager(agent, { organisationIds: [org] }),
				// An usager also known elsewhere: visible through `org` only if visible through another organisation.
				usagerElsewhere:
					canSeeUsager(agent, { organisationIds: [org, ...t.otherUsagerOrgs] }) &&
					!canSeeUsager(agent, { organisationIds: t.otherUsagerOrgs.filter((o) => o !== org) })
			};
		});
}

describe('permission properties', () => {
	it('grants nothing in an organisation where the agent has no active role, whatever its territorial roles', () => {
		fc.assert(
			fc.property(arbPrincipal, orgChecks('o1'), (p, check) => {
				const agent = { ...p, roles: p.roles.filter((r) => r.organisationId !== 'o1' || r.level === 'intervenant') };
				const answers = check(agent);
				expect(Object.values(answers).every((v) => v === false)).toBe(true);
				expect(organisationScope(agent, 'o1')).toEqual({ kind: 'none' });
				expect(accessibleOrganisationIds(agent)).not.toContain('o1');
			})
		);
	});

	it('grants everything in an organisation to its admins', () => {
		fc.assert(
			fc.property(arbPrincipal, orgChecks('o1'), (p, check) => {
				const agent = { ...p, roles: [...p.roles.filter((r) => r.organisationId !== 'o1'), adminOf('o1')] };
				const { usagerElsewhere: _ignored, ...answers } = check(agent);
				expect(Object.values(answers).every((v) => v === true)).toBe(true);
				expect(organisationScope(agent, 'o1')).toEqual({ kind: 'all' });
			})
		);
	});

	it('answers for organisation X never depend on roles in organisation Y', () => {
		fc.assert(
			fc.property(
				arbPrincipal,
				fc.constantFrom(...AGENT_ROLES),
				fc.constantFrom(...AGENT_ROLES),
				orgChecks('o1'),
				(p, roleA, roleB, check) => {
					const base = p.roles.filter((r) => r.organisationId !== 'o2');
					const withA = { ...p, roles: [...base, { organisationId: 'o2', level: roleA }] };
					const withB = { ...p, roles: [...base, { organisationId: 'o2', level: roleB }] };
					const without = { ...p, roles: base };
					const { usagerElsewhere: _a, ...a } = check(withA);
					const { usagerElsewhere: _b, ...b } = check(withB);
					const { usagerElsewhere: _c, ...c } = check(without);
					expect(a).toEqual(c);
					expect(b).toEqual(c);
				}
			)
		);
	});

	it('never lets editing exceed seeing', () => {
		fc.assert(
			fc.property(arbPrincipal, orgChecks('o3'), (agent, check) => {
				const a = check(agent);
				if (a.editAgenda) expect(a.seeAgenda).toBe(true);
				if (a.editRdv) expect(a.seeRdv).toBe(true);
				if (a.editUsager) expect(a.seeUsager).toBe(true);
				if (a.manageMotif) expect(a.seeMotif).toBe(true);
				if (a.seeAgenda || a.seeRdv || a.seeMotif || a.seeUsager) expect(a.access).toBe(true);
			})
		);
	});

	it('confines territorial powers to their territory', () => {
		fc.assert(
			fc.property(arbPrincipal, fc.constantFrom(...ids), (p, org) => {
				const agent = { ...p, territorialRoles: p.territorialRoles.filter((r) => r.territoryId !== 't1') };
				expect(isTerritorialAdmin(agent, 't1')).toBe(false);
				expect(canManageTerritory(agent, 't1')).toBe(false);
				expect(canManageTeams(agent, 't1')).toBe(false);
				expect(canManageAccessRights(agent, 't1')).toBe(false);
				expect(canChangeAgentServices(agent, 't1')).toBe(false);
				const target = { organisationId: org, territoryId: 't1' };
				// Without a territorial role, these reduce to the organisation role.
				expect(canSeeOrganisation(agent, target)).toBe(canAccessOrganisation(agent, org));
				expect(canEditOrganisation(agent, target)).toBe(canAdminOrganisation(agent, org));
				expect(canInviteAgents(agent, target)).toBe(canAdminOrganisation(agent, org));
				expect(canSuperviseOrganisation(agent, target)).toBe(organisationScope(agent, org).kind === 'all');
			})
		);
	});
});

function adminOf(organisationId: string) {
	return { organisationId, level: 'admin' as const };
}
