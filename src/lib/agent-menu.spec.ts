import { describe, expect, it } from 'vitest';
import { AGENT_MENU_ITEMS, buildAgentMenu, sameSectionIn, type AgentMenuItem, type MenuViewer } from './agent-menu';

const basic = { isAdmin: false, isTerritorialAdmin: false };
const admin = { isAdmin: true, isTerritorialAdmin: false };
const territorial = { isAdmin: false, isTerritorialAdmin: true };

const allAvailable: AgentMenuItem[] = AGENT_MENU_ITEMS.map((item) => ({ ...item, available: true }));
const sections = (viewer: MenuViewer, items = allAvailable) => buildAgentMenu('o', viewer, items).map((e) => e.section);

describe('buildAgentMenu', () => {
	it('links every entry to the organisation', () => {
		expect(buildAgentMenu('org1', { ...admin, canSupervise: true })[1]).toEqual({
			section: 'aujourdhui',
			label: 'Aujourd’hui',
			href: '/agents/org/org1/aujourdhui'
		});
		expect(buildAgentMenu('org1', basic)[0]).toEqual({
			section: 'agenda',
			label: 'Agenda',
			href: '/agents/org/org1/agenda'
		});
		for (const entry of buildAgentMenu('org1', admin, allAvailable)) {
			expect(entry.href).toBe(`/agents/org/org1/${entry.section}`);
		}
	});

	it('shows only the pages that exist', () => {
		const available = AGENT_MENU_ITEMS.filter((i) => i.available).map((i) => i.section);
		expect(sections({ isAdmin: true, isTerritorialAdmin: true }, [...AGENT_MENU_ITEMS])).toEqual(available);
		expect(available).toContain('agenda');
		// The RDV list exists (issue 16): every member gets the entry.
		expect(sections(basic, [...AGENT_MENU_ITEMS])).toContain('rdvs');
		// Usager records and collective sessions too.
		expect(sections(basic, [...AGENT_MENU_ITEMS])).toEqual(expect.arrayContaining(['usagers', 'seances']));
	});

	it('keeps Configuration for admins and Espace for territorial admins', () => {
		expect(sections(basic)).not.toContain('configuration');
		expect(sections(basic)).not.toContain('espace');
		expect(sections(admin)).toContain('configuration');
		expect(sections(admin)).not.toContain('espace');
		expect(sections(territorial)).toContain('espace');
		expect(sections(territorial)).not.toContain('configuration');
	});

	it('lists every entry of the product, in order', () => {
		expect(buildAgentMenu('o', { isAdmin: true, isTerritorialAdmin: true }, allAvailable).map((e) => e.label)).toEqual([
			'Agenda',
			'Aujourd’hui',
			'Trouver un RDV',
			'RDV',
			'Séances collectives',
			'Usagers',
			'Plages d’ouverture',
			'Indisponibilités',
			'Statistiques',
			'Configuration',
			'Espace'
		]);
	});
});

describe('the live board entry', () => {
	it('shows to supervisors only (admins, secrétariat, territorial admins)', () => {
		expect(sections(basic)).not.toContain('aujourdhui');
		expect(sections({ ...basic, canSupervise: true })).toContain('aujourdhui');
		expect(sections(admin)).toContain('aujourdhui');
		expect(sections({ ...territorial, canSupervise: true })).toContain('aujourdhui');
	});
});

describe('sameSectionIn', () => {
	it('keeps the section and drops deeper paths', () => {
		expect(sameSectionIn('/agents/org/a/agenda', 'b')).toBe('/agents/org/b/agenda');
		expect(sameSectionIn('/agents/org/a/rdvs/123/edit', 'b')).toBe('/agents/org/b/rdvs');
	});

	it('falls back to the agenda', () => {
		expect(sameSectionIn('/agents/org/a', 'b')).toBe('/agents/org/b/agenda');
		expect(sameSectionIn('/agents/compte', 'b')).toBe('/agents/org/b/agenda');
	});
});
