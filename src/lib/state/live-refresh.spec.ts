import { describe, expect, it } from 'vitest';
import { updatedByText } from './live-refresh.svelte.ts';

const camille = { id: 'a1', firstName: 'Camille', lastName: 'Durand' };
const dominique = { id: 'a2', firstName: 'Dominique', lastName: 'Bernard' };

describe('updatedByText', () => {
	it('names who made the changes, but not the signed-in agent', () => {
		expect(updatedByText([camille])).toBe('Mis à jour par Camille Durand');
		expect(updatedByText([camille, dominique], dominique)).toBe('Mis à jour par Camille Durand');
		expect(updatedByText([dominique], dominique)).toBeNull();
		expect(updatedByText([])).toBeNull();
	});
});
