import { describe, expect, it } from 'vitest';
import { isoWeek, localDay, toInstant, addDays } from '../../src/lib/domain/local-time.ts';
import { isOnRdvGrain } from '../../src/lib/domain/booking-rules.ts';
import { claimBuckets } from '../../src/lib/domain/calendar-keys.ts';
import {
	Absence,
	Agent,
	Lieu,
	Motif,
	Organisation,
	PlageOuverture,
	Rdv,
	RdvClaim,
	Service,
	Territory,
	Usager
} from '../../src/lib/server/db/models/index.ts';
import { DEMO_PASSWORD, seed } from '../../src/lib/server/seed/index.ts';
import { listAgendaRdvs } from '../../src/lib/server/services/agenda.ts';
import {
	getOrganisation,
	listOrganisationAgents,
	listOrganisationsForAgent
} from '../../src/lib/server/services/organisations.ts';
import { verify } from '@node-rs/argon2';
import type { AgentPrincipal } from '../../src/lib/domain/types.ts';

// A fixed "now" (a Tuesday morning in Paris) keeps the data reproducible.
const now = new Date('2026-11-24T09:30:00Z');
const logs: string[] = [];

async function counts(): Promise<Record<string, number>> {
	const models = {
		Territory,
		Organisation,
		Service,
		Agent,
		Lieu,
		Motif,
		Usager,
		PlageOuverture,
		Absence,
		Rdv,
		RdvClaim
	};
	const out: Record<string, number> = {};
	for (const [name, model] of Object.entries(models))
		out[name] = await (model as unknown as { countDocuments(): Promise<number> }).countDocuments();
	return out;
}

function principalOf(agent: {
	_id: unknown;
	roles: { organisationId: unknown; level: string }[];
	serviceIds: unknown[];
	territorialRoles: { territoryId: unknown }[];
}): AgentPrincipal {
	return {
		id: String(agent._id),
		roles: agent.roles.map((r) => ({ organisationId: String(r.organisationId), level: r.level as 'basic' })),
		serviceIds: agent.serviceIds.map(String),
		secretariat: false,
		territorialRoles: agent.territorialRoles.map((t) => ({
			territoryId: String(t.territoryId),
			manageTeams: true,
			manageAccessRights: true,
			inviteAgents: true
		}))
	};
}

describe('demo seed', () => {
	let first: Record<string, number>;

	// Generous: seeding takes a few seconds, more on a loaded two-core machine.
	it('creates plausible demo data in bulk', { timeout: 120_000 }, async () => {
		const report = await seed({ log: (m) => logs.push(m), now });
		expect(report.created).toEqual(['62', '974']);
		first = await counts();
		expect(first.Territory).toBe(2);
		expect(first.Organisation).toBe(4);
		expect(first.Service).toBe(4);
		expect(first.Agent).toBeGreaterThanOrEqual(10);
		expect(first.Usager).toBeGreaterThanOrEqual(180);
		expect(first.Usager).toBeLessThanOrEqual(230);
		expect(first.Rdv).toBeGreaterThan(300);
		expect(first.PlageOuverture).toBeGreaterThan(10);
		expect(first.Absence).toBeGreaterThan(2);
		expect(first.RdvClaim).toBeGreaterThan(0);
		expect(logs.some((l) => /Seed finished in \d+ ms/.test(l))).toBe(true);
	});

	it('is idempotent', async () => {
		const report = await seed({ log: () => {}, now });
		expect(report.created).toEqual([]);
		expect(report.skipped).toEqual(['62', '974']);
		expect(await counts()).toEqual(first);
	});

	it('creates the documented demo accounts', async () => {
		const org = async (name: string) => (await Organisation.findOne({ name }).lean())!._id;
		const [arras, lens, saintDenis] = await Promise.all([
			org('MDS Arras'),
			org('MDS Lens'),
			org('CCAS de Saint-Denis')
		]);
		const t62 = (await Territory.findOne({ departementNumber: '62' }).lean())!;
		const t974 = (await Territory.findOne({ departementNumber: '974' }).lean())!;
		expect(t62.timeZone).toBe('Europe/Paris');
		expect(t974.timeZone).toBe('Indian/Reunion');
		const services = new Map((await Service.find({}).lean()).map((s) => [String(s._id), s.name]));
		const agent = async (email: string) => (await Agent.findOne({ email }).lean())!;
		const roleIn = (a: Awaited<ReturnType<typeof agent>>, orgId: unknown) =>
			a.roles.find((r) => String(r.organisationId) === String(orgId))?.level;
		const serviceNames = (a: Awaited<ReturnType<typeof agent>>) => a.serviceIds.map((id) => services.get(String(id)));

		const espace = await agent('espace@demo.guichet.fr');
		expect(roleIn(espace, arras)).toBe('admin');
		expect(espace.territorialRoles).toMatchObject([
			{ territoryId: t62._id, manageTeams: true, manageAccessRights: true, inviteAgents: true }
		]);
		const admin = await agent('admin@demo.guichet.fr');
		expect(roleIn(admin, arras)).toBe('admin');
		expect(serviceNames(admin)).toEqual(['Service social']);
		const basic = await agent('agent@demo.guichet.fr');
		expect(roleIn(basic, arras)).toBe('basic');
		expect(serviceNames(basic)).toEqual(['PMI']);
		const secretariat = await agent('secretariat@demo.guichet.fr');
		expect(roleIn(secretariat, arras)).toBe('basic');
		expect(serviceNames(secretariat)).toEqual(['Secrétariat']);
		const lensAgent = await agent('agent.lens@demo.guichet.fr');
		expect(lensAgent.roles).toHaveLength(1);
		expect(roleIn(lensAgent, lens)).toBe('basic');
		const reunion = await agent('admin.reunion@demo.guichet.fr');
		expect(roleIn(reunion, saintDenis)).toBe('admin');
		expect(reunion.territorialRoles.map((t) => String(t.territoryId))).toEqual([String(t974._id)]);
		const intervenant = await Agent.findOne({ organisationIds: arras, 'roles.level': 'intervenant' }).lean();
		expect(intervenant?.email).toBeUndefined();
		expect(await verify(basic.passwordHash!, DEMO_PASSWORD)).toBe(true);
		// Every organisation keeps an admin.
		for (const o of await Organisation.find({}).lean())
			expect((await listOrganisationAgents(String(o._id))).some((a) => a.role === 'admin')).toBe(true);
	});

	it('covers every location type, online booking, collective motifs, statuses and relatives', async () => {
		const motifs = await Motif.find({}).lean();
		expect(new Set(motifs.map((m) => m.locationType))).toEqual(new Set(['public_office', 'phone', 'home', 'visio']));
		expect(motifs.some((m) => m.bookableBy === 'everyone')).toBe(true);
		expect(motifs.some((m) => m.collective)).toBe(true);
		const rdvs = await Rdv.find({}).lean();
		const past = rdvs.filter((r) => r.endsAt <= now);
		const future = rdvs.filter((r) => r.startsAt > now);
		for (const status of ['seen', 'noshow', 'excused', 'revoked', 'unknown'])
			expect(past.some((r) => r.status === status)).toBe(true);
		expect(future.some((r) => r.status === 'unknown')).toBe(true);
		expect(rdvs.some((r) => r.collective && r.participants.length > 1)).toBe(true);
		expect(rdvs.some((r) => r.agentIds.length > 1)).toBe(true);
		expect(rdvs.every((r) => r.days.length > 0 && r.weeks.length > 0)).toBe(true);
		// The booking grain (booking-rules.ts): the demo holds only RDVs that the service would accept, so that
		// moving or re-booking one never meets « l'heure doit tomber sur un multiple de 5 minutes ».
		const offGrain = rdvs.filter((r) => !isOnRdvGrain(r.startsAt) || !isOnRdvGrain(r.endsAt));
		expect(
			offGrain.map((r) => `${r.startsAt.toISOString()}–${r.endsAt.toISOString()}`),
			'RDVs off the 5-minute grain'
		).toEqual([]);
		expect(await Usager.countDocuments({ responsibleId: { $exists: true } })).toBeGreaterThan(10);
		expect(await Usager.countDocuments({ 'profiles.1': { $exists: true } })).toBeGreaterThan(0);

		// Claims exactly cover the active future RDVs.
		const active = rdvs.filter((r) => r.endsAt > now && r.status !== 'excused' && r.status !== 'revoked');
		const buckets = active.reduce((n, r) => n + r.agentIds.length * claimBuckets(r.startsAt, r.endsAt).length, 0);
		expect(await RdvClaim.countDocuments({})).toBe(buckets);
	});

	it('lists organisations for agents and the agenda of a week', async () => {
		const espace = (await Agent.findOne({ email: 'espace@demo.guichet.fr' }).lean())!;
		const orgs = await listOrganisationsForAgent(principalOf(espace));
		expect(orgs.map((o) => o.name)).toEqual(['CCAS de Béthune', 'MDS Arras', 'MDS Lens']);
		expect(orgs[0]).toMatchObject({ departementNumber: '62', timeZone: 'Europe/Paris', slug: 'ccas-de-bethune' });
		const lensAgent = (await Agent.findOne({ email: 'agent.lens@demo.guichet.fr' }).lean())!;
		expect((await listOrganisationsForAgent(principalOf(lensAgent))).map((o) => o.name)).toEqual(['MDS Lens']);
		expect(await getOrganisation('not-an-id')).toBeNull();

		const arras = orgs.find((o) => o.name === 'MDS Arras')!;
		// The week of `now`, Monday 00:00 to next Monday 00:00 in Paris.
		const monday = addDays(localDay(now, 'Europe/Paris'), -1);
		const from = toInstant(monday, '00:00', 'Europe/Paris');
		const to = toInstant(addDays(monday, 7), '00:00', 'Europe/Paris');
		const expected = await Rdv.find({ organisationId: arras.id, weeks: isoWeek(monday) }).lean();
		expect(expected.length).toBeGreaterThan(10);
		const agenda = await listAgendaRdvs({ organisationId: arras.id, from, to });
		expect(agenda.map((r) => r.id).sort()).toEqual(expected.map((r) => String(r._id)).sort());
		for (let i = 1; i < agenda.length; i++) expect(agenda[i].startsAt >= agenda[i - 1].startsAt).toBe(true);
		const one = agenda.find((r) => !r.collective)!;
		expect(one.motif.name).toBeTruthy();
		expect(one.motif.color).toMatch(/^#[0-9a-f]{6}$/i);
		expect(one.participants[0].lastName).toBeTruthy();
		expect(one.agents[0].lastName).toBeTruthy();
		expect(one.participantCount).toBe(one.participants.length);

		const basic = (await Agent.findOne({ email: 'agent@demo.guichet.fr' }).lean())!;
		const mine = await listAgendaRdvs({ organisationId: arras.id, agentIds: [String(basic._id)], from, to });
		expect(mine.length).toBeGreaterThan(0);
		expect(mine.length).toBeLessThan(agenda.length);
		expect(mine.every((r) => r.agents.some((a) => a.id === String(basic._id)))).toBe(true);
		// A narrower window returns only overlapping RDVs.
		const dayFrom = toInstant(addDays(monday, 1), '00:00', 'Europe/Paris');
		const dayTo = toInstant(addDays(monday, 2), '00:00', 'Europe/Paris');
		const day = await listAgendaRdvs({ organisationId: arras.id, from: dayFrom, to: dayTo });
		expect(day.length).toBeGreaterThan(0);
		expect(day.every((r) => new Date(r.startsAt) < dayTo && new Date(r.endsAt) > dayFrom)).toBe(true);
	});
});
