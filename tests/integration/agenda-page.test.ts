/**
 * The back-office shell and agenda routes on the demo data: who lands where, who sees which agendas, and that
 * the events endpoint refuses other organisations and agendas the viewer may not see, whatever the URL says.
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { canSeeAgenda } from '../../src/lib/domain/permissions.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { Agent, Motif, Organisation, Rdv, Usager } from '../../src/lib/server/db/models/index.ts';
import { seed } from '../../src/lib/server/seed/index.ts';
import { listAgendaRdvs } from '../../src/lib/server/services/agenda.ts';
import { listOrganisationAgents } from '../../src/lib/server/services/organisations.ts';
import { load as agentsIndexLoad } from '../../src/routes/agents/+page.server.ts';
import { load as orgLayoutLoad } from '../../src/routes/agents/org/[orgId]/+layout.server.ts';
import { load as agendaLoad } from '../../src/routes/agents/org/[orgId]/agenda/+page.server.ts';
import { GET as getEvents } from '../../src/routes/agents/org/[orgId]/agenda/events/+server.ts';
import { callEndpoint, requestEvent } from '../helpers/request-event.ts';
import { buildAgentMenu } from '../../src/lib/agent-menu.ts';

// A Tuesday in Paris: the seed spreads RDVs around this date.
const now = new Date('2026-11-24T09:30:00Z');
const week = { start: '2026-11-23T00:00:00+01:00', end: '2026-11-29T00:00:00+01:00' };

const orgs: Record<'arras' | 'lens', string> = { arras: '', lens: '' };
const agents: Record<'basic' | 'admin' | 'secretariat' | 'lens' | 'espace', SessionAgent> = {} as never;

async function principal(email: string): Promise<SessionAgent> {
	const doc = await Agent.findOne({ email }).lean();
	const agent = doc && (await loadSessionAgent(String(doc._id)));
	if (!agent) throw new Error(`demo agent ${email} missing`);
	return agent;
}

function eventsOf(viewer: SessionAgent | null, orgId: string, query: Record<string, string>) {
	const search = new URLSearchParams(query);
	return callEndpoint(getEvents, {
		path: `/agents/org/${orgId}/agenda/events?${search}`,
		params: { orgId },
		agent: viewer
	});
}

/** Runs a load and returns what it returned, or what it threw (redirect or HTTP error). */
async function runLoad(load: unknown, init: { path: string; params?: Record<string, string>; agent: SessionAgent }) {
	try {
		return { data: await (load as (e: unknown) => Promise<unknown>)(requestEvent(init)) };
	} catch (thrown) {
		if (isRedirect(thrown)) return { redirect: thrown.location };
		if (isHttpError(thrown)) return { status: thrown.status };
		throw thrown;
	}
}

beforeAll(async () => {
	await seed({ log: () => {}, now });
	for (const [key, name] of [
		['arras', 'MDS Arras'],
		['lens', 'MDS Lens']
	] as const) {
		const org = await Organisation.findOne({ name }).lean();
		orgs[key] = String(org?._id);
	}
	agents.basic = await principal('agent@demo.guichet.fr');
	agents.admin = await principal('admin@demo.guichet.fr');
	agents.secretariat = await principal('secretariat@demo.guichet.fr');
	agents.lens = await principal('agent.lens@demo.guichet.fr');
	agents.espace = await principal('espace@demo.guichet.fr');
}, 120_000);

describe('GET /agents/org/:orgId/agenda/events', () => {
	it('returns the week of the viewer’s own agenda as calendar events, cancelled ones left out', async () => {
		const res = await eventsOf(agents.basic, orgs.arras, { ...week, agentIds: agents.basic.id });
		expect(res.status).toBe(200);
		const { events } = res.body as {
			events: { id: string; title: string; className: string; color: string; extendedProps: { kind: string } }[];
		};
		const rdvs = (
			await listAgendaRdvs({
				organisationId: orgs.arras,
				agentIds: [agents.basic.id],
				from: new Date(week.start),
				to: new Date(week.end)
			})
		).filter((r) => r.status !== 'excused' && r.status !== 'revoked');
		expect(rdvs.length).toBeGreaterThan(0);
		const shown = events.filter((e) => e.extendedProps.kind === 'rdv' || e.extendedProps.kind === 'busy');
		expect(shown.map((e) => e.id)).toEqual(rdvs.map((r) => r.id));
		for (const [i, event] of shown.entries()) {
			expect(event.title.startsWith(rdvs[i].motif.name)).toBe(true);
			expect(event.className).toContain(`rdv-status-${rdvs[i].status}`);
			expect(event.color).toMatch(/^#[0-9a-f]{6}$/i);
		}
	});

	it('needs a signed-in agent', async () => {
		const res = await eventsOf(null, orgs.arras, { ...week, agentIds: agents.basic.id });
		expect(res.status).toBe(401);
		expect(res.body).toMatchObject({ error: { code: 'unauthenticated' } });
	});

	it('refuses another organisation, whatever agents are asked for', async () => {
		for (const agentIds of [agents.basic.id, agents.lens.id]) {
			const res = await eventsOf(agents.lens, orgs.arras, { ...week, agentIds });
			expect(res.status).toBe(403);
			expect(res.body).toMatchObject({ error: { code: 'forbidden' } });
		}
	});

	it('refuses the agenda of a colleague who shares no service with a basic agent', async () => {
		const visible = canSeeAgenda(agents.basic, {
			organisationId: orgs.arras,
			agentId: agents.admin.id,
			agentServiceIds: agents.admin.serviceIds
		});
		expect(visible).toBe(false);
		const res = await eventsOf(agents.basic, orgs.arras, {
			...week,
			agentIds: `${agents.basic.id},${agents.admin.id}`
		});
		expect(res.status).toBe(403);
		expect(res.body).toMatchObject({ error: { code: 'forbidden', details: { agentIds: [agents.admin.id] } } });
	});

	it('refuses agents of another organisation even to an admin', async () => {
		const res = await eventsOf(agents.admin, orgs.arras, { ...week, agentIds: agents.lens.id });
		expect(res.status).toBe(403);
	});

	it('shows none of the agent’s RDVs of another organisation, not even their motif or usager', async () => {
		// An agent working in two organisations: its RDV in MDS Lens stays out of MDS Arras' agenda.
		const motif = await Motif.create({
			organisationId: orgs.lens,
			serviceId: agents.basic.serviceIds[0],
			name: 'Motif confidentiel de Lens',
			locationType: 'phone'
		});
		const usager = await Usager.create({
			firstName: 'Prénom',
			lastName: 'Secretlens',
			profiles: [{ organisationId: orgs.lens }]
		});
		const rdv = await new Rdv({
			startsAt: new Date('2026-11-25T09:00:00Z'),
			endsAt: new Date('2026-11-25T09:30:00Z'),
			timeZone: 'Europe/Paris',
			organisationId: orgs.lens,
			motifId: motif._id,
			serviceId: motif.serviceId,
			locationType: 'phone',
			agentIds: [agents.basic.id],
			participants: [{ usagerId: usager._id }],
			createdBy: { kind: 'agent', agentId: agents.basic.id }
		}).save();
		try {
			const res = await eventsOf(agents.basic, orgs.arras, { ...week, agentIds: agents.basic.id });
			expect(res.status).toBe(200);
			const { events } = res.body as { events: { id: string }[] };
			expect(events.map((e) => e.id)).not.toContain(String(rdv._id));
			expect(JSON.stringify(res.body)).not.toMatch(/confidentiel|Secretlens/);
		} finally {
			await Promise.all([rdv.deleteOne(), motif.deleteOne(), usager.deleteOne()]);
		}
	});

	it('lets the Secrétariat open every agenda of its organisation', async () => {
		const res = await eventsOf(agents.secretariat, orgs.arras, { ...week, agentIds: agents.admin.id });
		expect(res.status).toBe(200);
	});

	it('answers invalid parameters with French messages per field', async () => {
		const bad = await eventsOf(agents.basic, orgs.arras, { start: 'hier', end: week.end, agentIds: 'x' });
		expect(bad.status).toBe(400);
		expect(bad.body).toMatchObject({
			error: {
				code: 'invalid_query',
				details: { start: [expect.stringContaining('ISO 8601')], agentIds: [expect.any(String)] }
			}
		});
		const tooLong = await eventsOf(agents.basic, orgs.arras, {
			start: week.start,
			end: '2027-06-01T00:00:00+02:00',
			agentIds: agents.basic.id
		});
		expect(tooLong.status).toBe(400);
		const backwards = await eventsOf(agents.basic, orgs.arras, {
			start: week.end,
			end: week.start,
			agentIds: agents.basic.id
		});
		expect(backwards.status).toBe(400);
	});

	it('refuses instants out of the accepted years and impossible dates with a 400 JSON error, before reading', async () => {
		const at = (start: string, end: string) =>
			eventsOf(agents.basic, orgs.arras, { start, end, agentIds: agents.basic.id });
		for (const [start, end, field] of [
			['9999-12-27T00:00:00Z', '9999-12-31T00:00:00Z', 'start'],
			['0001-01-01T00:00:00Z', '0001-01-08T00:00:00Z', 'start'],
			['1900-01-01T00:00:00+01:00', '1900-01-08T00:00:00+01:00', 'start'],
			['2100-12-28T00:00:00Z', '2101-01-04T00:00:00Z', 'end']
		] as const) {
			const res = await at(start, end);
			expect(res.status, start).toBe(400);
			expect(res.body, start).toMatchObject({
				error: { code: 'invalid_query', details: { [field]: [expect.stringContaining('Date hors limites')] } }
			});
		}
		const impossible = await at('2027-02-30T00:00:00+01:00', '2027-03-06T00:00:00+01:00');
		expect(impossible.status).toBe(400);
		expect(impossible.body).toMatchObject({ error: { details: { start: [expect.stringContaining('ISO 8601')] } } });
		// Ten years in one request: refused, the feed serves a calendar view, not an export.
		const decade = await at('2026-01-01T00:00:00Z', '2036-01-01T00:00:00Z');
		expect(decade.status).toBe(400);
		expect(decade.body).toMatchObject({ error: { details: { end: [expect.stringContaining('42 jours')] } } });
		// The longest accepted range, across the autumn clock change, and the last accepted week.
		const sixWeeks = await at('2026-10-19T00:00:00+02:00', '2026-11-30T00:00:00+01:00');
		expect(sixWeeks.status).toBe(400);
		expect((await at('2026-10-19T00:00:00+02:00', '2026-11-29T00:00:00+01:00')).status).toBe(200);
		expect((await at('2100-12-24T00:00:00Z', '2100-12-31T00:00:00Z')).status).toBe(200);
	});
});

describe('agenda page load', () => {
	it('offers the agendas the viewer may see, the viewer’s own first', async () => {
		const result = await runLoad(agendaLoad, {
			path: `/agents/org/${orgs.arras}/agenda`,
			params: { orgId: orgs.arras },
			agent: agents.basic
		});
		const { agents: offered, viewerId } = result.data as { agents: { id: string }[]; viewerId: string };
		expect(viewerId).toBe(agents.basic.id);
		expect(offered[0].id).toBe(agents.basic.id);
		const expected = (await listOrganisationAgents(orgs.arras)).filter((a) =>
			canSeeAgenda(agents.basic, { organisationId: orgs.arras, agentId: a.id, agentServiceIds: a.serviceIds })
		);
		expect(offered.map((a) => a.id).sort()).toEqual(expected.map((a) => a.id).sort());
		expect(offered.map((a) => a.id)).not.toContain(agents.admin.id);
	});

	it('gives the Secrétariat every member of the organisation', async () => {
		const result = await runLoad(agendaLoad, {
			path: `/agents/org/${orgs.arras}/agenda`,
			params: { orgId: orgs.arras },
			agent: agents.secretariat
		});
		const offered = (result.data as { agents: { id: string }[] }).agents;
		expect(offered).toHaveLength((await listOrganisationAgents(orgs.arras)).length);
	});

	it('opens the day of ?date= when it is a real accepted day, and today otherwise, without failing', async () => {
		const open = async (date: string) => {
			const result = await runLoad(agendaLoad, {
				path: `/agents/org/${orgs.arras}/agenda?date=${encodeURIComponent(date)}`,
				params: { orgId: orgs.arras },
				agent: agents.basic
			});
			return (result.data as { initialDate: string | null }).initialDate;
		};
		expect(await open('2027-03-22')).toBe('2027-03-22');
		expect(await open('2028-02-29')).toBe('2028-02-29');
		for (const date of ['2027-02-30', '2027-13-01', '2026-12-32', '9999-01-01', '1900-01-01', '22-03-2027', 'demain'])
			expect(await open(date), date).toBeNull();
	});

	it('answers 403 to an agent of another organisation, in the page and in the layout', async () => {
		const init = { path: `/agents/org/${orgs.arras}/agenda`, params: { orgId: orgs.arras }, agent: agents.lens };
		expect(await runLoad(agendaLoad, init)).toEqual({ status: 403 });
		expect(await runLoad(orgLayoutLoad, init)).toEqual({ status: 403 });
	});
});

describe('back-office shell', () => {
	it('shows the menu entries whose pages exist and the organisations the agent can open', async () => {
		const result = await runLoad(orgLayoutLoad, {
			path: `/agents/org/${orgs.arras}/agenda`,
			params: { orgId: orgs.arras },
			agent: agents.espace
		});
		const data = result.data as {
			organisation: { id: string; name: string };
			organisations: { id: string }[];
			menu: { label: string; href: string }[];
		};
		expect(data.organisation).toMatchObject({ id: orgs.arras, name: 'MDS Arras' });
		// Admin of MDS Arras and territorial admin of 62: every available entry.
		expect(data.menu).toEqual(buildAgentMenu(orgs.arras, { isAdmin: true, isTerritorialAdmin: true }));
		expect(data.menu[0]).toEqual({ section: 'agenda', label: 'Agenda', href: `/agents/org/${orgs.arras}/agenda` });
		// Territorial admin of the whole territory, but a member of MDS Arras only.
		expect(data.organisations.map((o) => o.id)).toEqual([orgs.arras]);
	});

	it('sends /agents to the agenda of the first organisation the agent can open', async () => {
		expect(await runLoad(agentsIndexLoad, { path: '/agents', agent: agents.lens })).toEqual({
			redirect: `/agents/org/${orgs.lens}/agenda`
		});
		// "CCAS de Béthune" sorts first in the territory, but this territorial admin has no role there.
		expect(await runLoad(agentsIndexLoad, { path: '/agents', agent: agents.espace })).toEqual({
			redirect: `/agents/org/${orgs.arras}/agenda`
		});
	});
});
