import { describe, expect, it } from 'vitest';
import type { RdvCard } from './domain/rdv-card.ts';
import { listItemOf, matchesListFilters } from './rdv-list-item.ts';

const card: RdvCard = {
	id: 'r1',
	organisationId: 'o1',
	version: 2,
	startsAt: '2026-12-08T08:00:00.000Z',
	endsAt: '2026-12-08T08:30:00.000Z',
	durationMinutes: 30,
	timeZone: 'Europe/Paris',
	days: ['2026-12-08'],
	status: 'unknown',
	motif: { id: 'm1', name: 'Suivi', color: '#000091', serviceId: 's1', locationType: 'public_office' },
	lieu: { id: 'l1', name: 'Centre' },
	agents: [{ id: 'a1', firstName: 'Camille', lastName: 'Durand' }],
	participants: [{ usagerId: 'u1', firstName: 'Léa', lastName: 'Martin', status: 'unknown' }],
	collective: false,
	updatedAt: '2026-12-07T10:00:00.000Z'
};
const before = new Date('2026-12-08T07:00:00Z');
const after = new Date('2026-12-08T09:00:00Z');
const day = { from: '2026-12-08', to: '2026-12-08' };

describe('listItemOf', () => {
	it('gives the local day and time, and « à renseigner » once started', () => {
		expect(listItemOf(card, 'Europe/Paris', before)).toMatchObject({ day: '2026-12-08', time: '09:00', toFill: false });
		expect(listItemOf(card, 'Europe/Paris', after).toFill).toBe(true);
	});
});

describe('matchesListFilters', () => {
	const item = listItemOf(card, 'Europe/Paris', before);

	it('keeps the RDVs starting within the period', () => {
		expect(matchesListFilters(item, day)).toBe(true);
		expect(matchesListFilters(item, { from: '2026-12-09', to: '2026-12-31' })).toBe(false);
		expect(matchesListFilters(item, { from: '2026-12-01', to: '2026-12-07' })).toBe(false);
	});

	it('applies each filter', () => {
		expect(matchesListFilters(item, { ...day, agentId: 'a1', usagerId: 'u1', motifId: 'm1', lieuId: 'l1' })).toBe(true);
		expect(matchesListFilters(item, { ...day, agentId: 'a2' })).toBe(false);
		expect(matchesListFilters(item, { ...day, usagerId: 'u2' })).toBe(false);
		expect(matchesListFilters(item, { ...day, motifId: 'm2' })).toBe(false);
		expect(matchesListFilters(item, { ...day, lieuId: 'l2' })).toBe(false);
	});

	it('tells « à venir » from « à renseigner », and stored statuses by equality', () => {
		expect(matchesListFilters(item, { ...day, status: 'a_venir' })).toBe(true);
		expect(matchesListFilters(item, { ...day, status: 'a_renseigner' })).toBe(false);
		const started = listItemOf(card, 'Europe/Paris', after);
		expect(matchesListFilters(started, { ...day, status: 'a_renseigner' })).toBe(true);
		expect(matchesListFilters(started, { ...day, status: 'a_venir' })).toBe(false);
		const seen = listItemOf({ ...card, status: 'seen' }, 'Europe/Paris', after);
		expect(matchesListFilters(seen, { ...day, status: 'seen' })).toBe(true);
		expect(matchesListFilters(seen, { ...day, status: 'noshow' })).toBe(false);
	});
});
