import { describe, expect, it } from 'vitest';
import { listQuery, sheetsByAgent, statusBadge } from './list-query.ts';

describe('listQuery', () => {
	const filters = { from: '2027-04-12', to: '2027-04-18', agentId: 'a'.repeat(24), cursor: 'abc' };

	it('writes the filters under their French names and leaves empty ones out', () => {
		expect(listQuery({ ...filters, cursor: undefined, motifId: '' })).toBe(
			`agent=${'a'.repeat(24)}&du=2027-04-12&au=2027-04-18`
		);
	});

	it('drops the cursor when a filter changes, keeps the one given', () => {
		expect(listQuery(filters, { status: 'a_renseigner' })).not.toContain('curseur');
		expect(listQuery(filters, { cursor: 'next' })).toContain('curseur=next');
	});
});

describe('sheetsByAgent', () => {
	const agent = (id: string, lastName: string) => ({ id, firstName: 'A', lastName });
	it('puts each RDV on the sheet of each of its agents, agents by name', () => {
		const one = { id: '1', agents: [agent('z', 'Zola'), agent('b', 'Bernard')] };
		const two = { id: '2', agents: [agent('z', 'Zola')] };
		expect(sheetsByAgent([one, two]).map((s) => [s.agent.lastName, s.items.map((i) => i.id)])).toEqual([
			['Bernard', ['1']],
			['Zola', ['1', '2']]
		]);
	});
});

describe('statusBadge', () => {
	it('says « À renseigner » for a started RDV still unknown, « À venir » before', () => {
		expect(statusBadge({ status: 'unknown', toFill: true }).label).toBe('À renseigner');
		expect(statusBadge({ status: 'unknown', toFill: false }).label).toBe('À venir');
		expect(statusBadge({ status: 'excused', toFill: false })).toEqual({
			label: 'Annulé par l’usager',
			variant: 'warning'
		});
	});
});
