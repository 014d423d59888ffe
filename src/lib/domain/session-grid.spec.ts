import { describe, expect, it } from 'vitest';
import {
	agentSessions,
	nextOpenSession,
	seatsLabel,
	sessionFormQuery,
	sessionWeekGrid,
	type SessionFilter
} from './session-grid.ts';
import type { CollectiveSessionInput } from './slots.ts';

const at = (iso: string) => new Date(iso);

const session = (over: Partial<CollectiveSessionInput> = {}): CollectiveSessionInput => ({
	id: 's1',
	motifId: 'm1',
	agentIds: ['a1'],
	lieuId: 'l1',
	status: 'unknown',
	// Thursday 26 November 2026, 14:00–16:00 in Paris.
	startsAt: at('2026-11-26T13:00:00Z'),
	endsAt: at('2026-11-26T15:00:00Z'),
	maxParticipants: 3,
	participantCount: 1,
	...over
});

const filter = (over: Partial<SessionFilter> = {}): SessionFilter => ({
	motifId: 'm1',
	timeZone: 'Europe/Paris',
	now: at('2026-11-23T07:00:00Z'),
	...over
});

describe('agentSessions', () => {
	it('keeps active, future sessions of the motif with their seats, full ones marked', () => {
		const list = agentSessions(
			[
				session({
					id: 'full',
					participantCount: 3,
					startsAt: at('2026-11-27T08:00:00Z'),
					endsAt: at('2026-11-27T09:00:00Z')
				}),
				session(),
				session({ id: 'open', maxParticipants: null }),
				session({ id: 'revoked', status: 'revoked' }),
				session({ id: 'other', motifId: 'm2' }),
				session({ id: 'past', startsAt: at('2026-11-20T08:00:00Z'), endsAt: at('2026-11-20T09:00:00Z') })
			],
			filter()
		);
		expect(list.map((s) => [s.rdvId, s.seatsLeft, s.full])).toEqual([
			['open', null, false],
			['s1', 2, false],
			['full', 0, true]
		]);
		expect(list[1]).toEqual({
			rdvId: 's1',
			agentIds: ['a1'],
			lieuId: 'l1',
			startsAt: '2026-11-26T13:00:00.000Z',
			endsAt: '2026-11-26T15:00:00.000Z',
			day: '2026-11-26',
			time: '14:00',
			seatsLeft: 2,
			full: false
		});
	});

	it('keeps a session under way, and never counts more than full', () => {
		const now = at('2026-11-26T14:00:00Z');
		expect(agentSessions([session({ participantCount: 5 })], filter({ now }))[0]).toMatchObject({
			seatsLeft: 0,
			full: true
		});
	});

	it('filters by agents and lieux', () => {
		const list = [session(), session({ id: 's2', agentIds: ['a2'], lieuId: null })];
		expect(agentSessions(list, filter({ agentIds: ['a2'] })).map((s) => s.rdvId)).toEqual(['s2']);
		expect(agentSessions(list, filter({ lieuIds: ['l1'] })).map((s) => s.rdvId)).toEqual(['s1']);
		expect(agentSessions(list, filter({ agentIds: [], lieuIds: [] }))).toHaveLength(2);
	});
});

describe('sessionWeekGrid and nextOpenSession', () => {
	it('lays sessions out over seven days from the first one', () => {
		const list = agentSessions(
			[session(), session({ id: 'late', startsAt: at('2026-12-01T08:00:00Z'), endsAt: at('2026-12-01T09:00:00Z') })],
			filter()
		);
		const grid = sessionWeekGrid(list, '2026-11-23');
		expect(grid.map((d) => d.day)).toEqual([
			'2026-11-23',
			'2026-11-24',
			'2026-11-25',
			'2026-11-26',
			'2026-11-27',
			'2026-11-28',
			'2026-11-29'
		]);
		expect(grid.map((d) => d.sessions.map((s) => s.rdvId))).toEqual([[], [], [], ['s1'], [], [], []]);
		expect(nextOpenSession(list, '2026-11-30')?.rdvId).toBe('late');
		expect(
			nextOpenSession(
				list.map((s) => ({ ...s, full: true })),
				'2026-11-23'
			)
		).toBeNull();
	});
});

describe('labels and links', () => {
	it('says how many seats are left, in French', () => {
		expect(seatsLabel(3)).toBe('3 places restantes');
		expect(seatsLabel(1)).toBe('1 place restante');
		expect(seatsLabel(0)).toBe('Complet');
		expect(seatsLabel(null)).toBe('Places illimitées');
	});

	it('builds the form query to join or create a session', () => {
		expect(sessionFormQuery({ motifId: 'm1', sessionId: 's1', retour: 'motif=m1&date=2026-11-23' })).toBe(
			'motif=m1&seance=s1&retour=motif%3Dm1%26date%3D2026-11-23'
		);
		expect(sessionFormQuery({ motifId: 'm1', day: '2026-11-26', retour: '' })).toBe('motif=m1&jour=2026-11-26&retour=');
	});
});
