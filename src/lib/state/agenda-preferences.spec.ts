import { describe, expect, it } from 'vitest';
import { MAX_SHOWN_AGENTS, parsePreferences, type AgendaPreferencesValue } from './agenda-preferences.svelte';

const defaults: AgendaPreferencesValue = { view: 'timeGridWeek', agentIds: ['me'], saturday: true, cancelled: false };
const visibleAgentIds = ['me', 'a', 'b'];

describe('parsePreferences', () => {
	it('takes back the stored view, agents and toggles', () => {
		const raw = JSON.stringify({ view: 'dayGridMonth', agentIds: ['a', 'me'], saturday: false, cancelled: true });
		expect(parsePreferences(raw, { visibleAgentIds, defaults })).toEqual({
			view: 'dayGridMonth',
			agentIds: ['a', 'me'],
			saturday: false,
			cancelled: true
		});
	});

	it('falls back field by field on anything unreadable or stale', () => {
		for (const raw of [null, '', 'not json', '[1]', '42', JSON.stringify({ view: 'resourceTimeline', agentIds: 'a' })])
			expect(parsePreferences(raw, { visibleAgentIds, defaults }), String(raw)).toEqual(defaults);
		// An agent no longer visible is dropped; none left: the viewer's own agenda.
		expect(
			parsePreferences(JSON.stringify({ agentIds: ['gone', 'b', 'b'] }), { visibleAgentIds, defaults }).agentIds
		).toEqual(['b']);
		expect(parsePreferences(JSON.stringify({ agentIds: ['gone'] }), { visibleAgentIds, defaults }).agentIds).toEqual([
			'me'
		]);
	});

	it('shows at most the maximum of agendas', () => {
		const many = Array.from({ length: 20 }, (_, i) => `x${i}`);
		const parsed = parsePreferences(JSON.stringify({ agentIds: many }), { visibleAgentIds: many, defaults });
		expect(parsed.agentIds).toHaveLength(MAX_SHOWN_AGENTS);
	});
});
