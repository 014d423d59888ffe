import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	initials,
	parsePresenceTarget,
	presenceKey,
	presenceOrganisation,
	presenceState,
	type PresenceEntry
} from './presence.ts';

const ORG = '64b7f0c2a1b2c3d4e5f60001';
const AGENT = '64b7f0c2a1b2c3d4e5f60002';
const RDV = '64b7f0c2a1b2c3d4e5f60003';

describe('parsePresenceTarget', () => {
	it('accepts an agenda and an RDV target, ids lower-cased', () => {
		expect(parsePresenceTarget({ kind: 'agenda', organisationId: ORG.toUpperCase(), agentId: AGENT })).toEqual({
			kind: 'agenda',
			organisationId: ORG,
			agentId: AGENT
		});
		expect(parsePresenceTarget({ kind: 'rdv', organisationId: ORG, rdvId: RDV, editing: true })).toEqual({
			kind: 'rdv',
			organisationId: ORG,
			rdvId: RDV,
			editing: true
		});
	});

	it('drops fields that are not part of the target', () => {
		expect(parsePresenceTarget({ kind: 'agenda', organisationId: ORG, agentId: AGENT, name: 'x' })).toEqual({
			kind: 'agenda',
			organisationId: ORG,
			agentId: AGENT
		});
	});

	it.each([
		['null', null],
		['a string', 'agenda'],
		['an unknown kind', { kind: 'board', organisationId: ORG, agentId: AGENT }],
		['a short id', { kind: 'agenda', organisationId: ORG, agentId: 'abc' }],
		['a bad organisation', { kind: 'agenda', organisationId: `${ORG}0`, agentId: AGENT }],
		['an RDV without editing', { kind: 'rdv', organisationId: ORG, rdvId: RDV }],
		['editing as a string', { kind: 'rdv', organisationId: ORG, rdvId: RDV, editing: 'true' }],
		['an agenda without agent', { kind: 'agenda', organisationId: ORG, rdvId: RDV }],
		['an operator', { kind: 'agenda', organisationId: { $ne: null }, agentId: AGENT }]
	])('refuses %s', (_label, raw) => {
		expect(parsePresenceTarget(raw)).toBeNull();
	});
});

describe('presenceKey', () => {
	it('gives the page and the edit form of one RDV the same key, and different targets different keys', () => {
		const page = presenceKey({ kind: 'rdv', organisationId: ORG, rdvId: RDV, editing: false });
		expect(presenceKey({ kind: 'rdv', organisationId: ORG, rdvId: RDV, editing: true })).toBe(page);
		expect(presenceKey({ kind: 'agenda', organisationId: ORG, agentId: RDV })).not.toBe(page);
	});

	it('names the organisation of either kind of target', () => {
		expect(presenceOrganisation(presenceKey({ kind: 'agenda', organisationId: ORG, agentId: AGENT }))).toBe(ORG);
		expect(presenceOrganisation(presenceKey({ kind: 'rdv', organisationId: ORG, rdvId: RDV, editing: true }))).toBe(
			ORG
		);
	});
});

const hex = fc.stringMatching(/^[0-9a-f]{24}$/);
// One name per agent (its tabs all carry it), names shared between agents included.
const NAMES: Record<string, [string, string]> = {
	a1: ['Camille', 'Durand'],
	a2: ['Léa', 'Martin'],
	a3: ['Camille', 'Durand'],
	a4: ['', 'Élise']
};
const person = fc
	.constantFrom('a1', 'a2', 'a3', 'a4')
	.map((id) => ({ id, firstName: NAMES[id]![0], lastName: NAMES[id]![1] }));
const entry = fc.record({ key: fc.constantFrom('k1', 'k2'), editing: fc.boolean(), agent: person });

describe('presenceState', () => {
	it('counts each agent once, editing when any of its tabs edits, and only entries of the key', () => {
		fc.assert(
			fc.property(fc.array(fc.option(entry, { nil: undefined }), { maxLength: 20 }), (entries) => {
				const state = presenceState('k1', entries);
				const mine = entries.filter((e) => e?.key === 'k1') as PresenceEntry[];
				expect(state.key).toBe('k1');
				expect(state.agents.map((a) => a.id).sort()).toEqual([...new Set(mine.map((e) => e.agent.id))].sort());
				for (const agent of state.agents)
					expect(agent.editing).toBe(mine.some((e) => e.agent.id === agent.id && e.editing));
			})
		);
	});

	it('orders agents by name whatever the order of the tabs', () => {
		fc.assert(
			fc.property(fc.array(entry, { maxLength: 12 }), (entries) => {
				const once = presenceState('k1', entries);
				const reversed = presenceState('k1', [...entries].reverse());
				expect(reversed.agents.map((a) => a.id)).toEqual(once.agents.map((a) => a.id));
			})
		);
	});

	it('copies names only: nothing else of an entry travels', () => {
		const state = presenceState('k1', [
			{ key: 'k1', editing: true, agent: { id: 'a1', firstName: 'Camille', lastName: 'Durand', email: 'x' } as never }
		]);
		expect(state.agents).toEqual([{ id: 'a1', firstName: 'Camille', lastName: 'Durand', editing: true }]);
	});

	it('keys stay distinct for any pair of distinct targets', () => {
		fc.assert(
			fc.property(hex, hex, hex, hex, (o1, a1, o2, a2) => {
				fc.pre(o1 !== o2 || a1 !== a2);
				const one = presenceKey({ kind: 'agenda', organisationId: o1, agentId: a1 });
				expect(presenceKey({ kind: 'agenda', organisationId: o2, agentId: a2 })).not.toBe(one);
				expect(presenceKey({ kind: 'rdv', organisationId: o1, rdvId: a1, editing: false })).not.toBe(one);
			})
		);
	});
});

describe('initials', () => {
	it('takes the first letter of each name', () => {
		expect(initials({ firstName: 'camille', lastName: 'Durand' })).toBe('CD');
		expect(initials({ firstName: '', lastName: 'Élise' })).toBe('É');
		expect(initials({ firstName: ' ', lastName: '' })).toBe('?');
	});
});
