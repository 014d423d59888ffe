import { describe, expect, it } from 'vitest';
import { editSummary } from './summary.ts';

const at = new Date('2027-04-06T08:00:00Z'); // 10:00 in Paris

describe('editSummary', () => {
	it('says each change in the history’s words, the first one capitalised', () => {
		expect(
			editSummary({ startsAt: at, durationMinutes: 45, agents: true, place: true, context: true }, 'Europe/Paris')
		).toBe(
			'Déplacé au 06/04/2027 à 10:00 ; durée : 45 min ; agents modifiés ; lieu modifié ; note de contexte modifiée'
		);
		expect(editSummary({ context: true }, 'Europe/Paris')).toBe('Note de contexte modifiée');
		expect(editSummary({ durationMinutes: 20 }, 'Europe/Paris')).toBe('Durée : 20 min');
	});

	it('stays within the 300 characters a revision summary holds, every change at once', () => {
		const all = editSummary(
			{ startsAt: at, durationMinutes: 1440, agents: true, place: true, context: true },
			'Europe/Paris'
		);
		expect(all.length).toBeLessThanOrEqual(300);
	});
});
