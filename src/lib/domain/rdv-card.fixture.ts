/**
 * A sample RDV card for unit specs (not imported by the application): one 30-minute RDV of Camille Durand on
 * 8 December 2026 with one participant, at `version`, with any field replaced by `over`.
 */
import type { RdvCard } from './rdv-card.ts';

export const CAMILLE = { id: 'a1', firstName: 'Camille', lastName: 'Durand' };

export function sampleCard(version = 1, over: Partial<RdvCard> = {}): RdvCard {
	return {
		id: 'r1',
		organisationId: 'o1',
		version,
		startsAt: '2026-12-08T09:00:00.000Z',
		endsAt: '2026-12-08T09:30:00.000Z',
		durationMinutes: 30,
		timeZone: 'Europe/Paris',
		days: ['2026-12-08'],
		status: 'unknown',
		motif: { id: 'm1', name: 'Suivi', color: '#000091', serviceId: 's1', locationType: 'public_office' },
		agents: [CAMILLE],
		participants: [{ usagerId: 'u1', firstName: 'Léa', lastName: 'Martin', status: 'unknown' }],
		collective: false,
		updatedAt: '2026-12-07T10:00:00.000Z',
		...over
	};
}
