import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	columnHours,
	describeMove,
	durationText,
	fetchRange,
	hiddenDays,
	localDayOf,
	MAX_FETCH_DAYS,
	moveOutcome,
	newRdvHref,
	withPrimary
} from './agenda-actions';

const DAY_MS = 86_400_000;

describe('hiddenDays', () => {
	it('hides Sunday unless something is on it, and Saturday when neither asked for nor used', () => {
		const none = { saturday: false, sunday: false };
		expect(hiddenDays({ saturday: true, weekend: none })).toEqual([0]);
		expect(hiddenDays({ saturday: false, weekend: none })).toEqual([0, 6]);
		expect(hiddenDays({ saturday: false, weekend: { saturday: true, sunday: false } })).toEqual([0]);
		expect(hiddenDays({ saturday: true, weekend: { saturday: false, sunday: true } })).toEqual([]);
	});
});

describe('fetchRange', () => {
	it('looks two days further (hidden weekend days), never beyond the feed’s limit, never shorter', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
				fc.integer({ min: 1, max: MAX_FETCH_DAYS * 24 }),
				(startMs, hours) => {
					const start = new Date(startMs);
					const end = new Date(startMs + hours * 3_600_000);
					const range = fetchRange(start, end);
					expect(range.start).toEqual(start);
					expect(range.end.getTime()).toBeGreaterThanOrEqual(end.getTime());
					expect(range.end.getTime() - end.getTime()).toBeLessThanOrEqual(2 * DAY_MS);
					expect(range.end.getTime() - start.getTime()).toBeLessThanOrEqual(MAX_FETCH_DAYS * DAY_MS);
				}
			)
		);
	});

	it('keeps a week shown without its Sunday covering that Sunday', () => {
		const start = new Date('2026-11-23T00:00:00+01:00');
		const end = new Date('2026-11-29T00:00:00+01:00');
		expect(fetchRange(start, end).end.toISOString()).toBe('2026-11-30T23:00:00.000Z');
	});
});

describe('newRdvHref', () => {
	it('prefills the RDV form with the instant, the duration in minutes and the agent', () => {
		const href = newRdvHref('org1', {
			start: new Date('2026-11-24T08:30:00Z'),
			end: new Date('2026-11-24T09:15:00Z'),
			agentId: 'a1'
		});
		const url = new URL(href, 'http://x');
		expect(url.pathname).toBe('/agents/org/org1/rdvs/nouveau');
		expect(Object.fromEntries(url.searchParams)).toEqual({
			debut: '2026-11-24T08:30:00.000Z',
			duree: '45',
			agent: 'a1'
		});
	});
});

describe('describeMove', () => {
	const base = { agents: 'Sophie Delattre', usagers: 'Jeanne Dupont' };

	it('says the old and new day, times and duration, the agents, the participants and the history', () => {
		const lines = describeMove(
			{
				...base,
				oldStart: new Date('2026-11-24T08:30:00Z'),
				oldEnd: new Date('2026-11-24T09:00:00Z'),
				newStart: new Date('2026-11-26T13:00:00Z'),
				newEnd: new Date('2026-11-26T13:45:00Z')
			},
			'Europe/Paris'
		);
		expect(lines).toEqual([
			'Jour : mardi 24 novembre → jeudi 26 novembre',
			'Horaire : 09:30 – 10:00 → 14:00 – 14:45',
			'Durée : 30 min → 45 min',
			'Agents : Sophie Delattre',
			'Le RDV de Jeanne Dupont change d’horaire.',
			'L’historique du RDV gardera ce changement (qui, quand, quoi).'
		]);
	});

	it('says what stays the same', () => {
		const lines = describeMove(
			{
				...base,
				oldStart: new Date('2026-11-24T08:30:00Z'),
				oldEnd: new Date('2026-11-24T09:30:00Z'),
				newStart: new Date('2026-11-24T08:30:00Z'),
				newEnd: new Date('2026-11-24T09:45:00Z')
			},
			'Indian/Reunion'
		);
		expect(lines[0]).toBe('Jour : mardi 24 novembre (inchangé)');
		expect(lines[1]).toBe('Horaire : 12:30 – 13:30 → 12:30 – 13:45');
		expect(lines[2]).toBe('Durée : 1 h → 1 h 15');
	});
});

describe('durationText', () => {
	it('writes minutes and hours as the pages do', () => {
		expect(durationText(5)).toBe('5 min');
		expect(durationText(60)).toBe('1 h');
		expect(durationText(95)).toBe('1 h 35');
	});
});

describe('moveOutcome', () => {
	it('reads a saved move, warnings to confirm, and refusals', () => {
		expect(moveOutcome(200, { rdv: { version: 3 } })).toEqual({ kind: 'saved', version: 3 });
		expect(
			moveOutcome(409, {
				error: { code: 'needs_confirmation', message: 'À confirmer', details: { warnings: [{ message: 'Chevauche' }] } }
			})
		).toEqual({ kind: 'warnings', message: 'Ce déplacement demande votre confirmation :', warnings: ['Chevauche'] });
		expect(moveOutcome(409, { error: { code: 'conflict', message: 'Modifié par Jean' } })).toEqual({
			kind: 'refused',
			message: 'Modifié par Jean'
		});
		expect(moveOutcome(500, null).kind).toBe('refused');
		expect(moveOutcome(401, {})).toEqual({ kind: 'refused', message: expect.stringContaining('reconnectez-vous') });
	});
});

describe('columnHours', () => {
	const day = '2026-11-24';
	const zone = 'Europe/Paris';

	it('shows 07:00–20:00 by default, background blocks aside', () => {
		expect(columnHours([], day, zone)).toEqual({ min: '07:00:00', max: '20:00:00' });
		const background = { start: '2026-11-24T04:00:00Z', end: '2026-11-24T21:00:00Z', display: 'background' };
		expect(columnHours([background], day, zone)).toEqual({ min: '07:00:00', max: '20:00:00' });
	});

	it('widens to whole hours around an earlier or later RDV of that day only', () => {
		const early = { start: '2026-11-24T05:30:00Z', end: '2026-11-24T06:00:00Z' };
		const late = { start: '2026-11-24T19:30:00Z', end: '2026-11-24T20:10:00Z' };
		const otherDay = { start: '2026-11-25T04:00:00Z', end: '2026-11-25T04:30:00Z' };
		expect(columnHours([early, late, otherDay], day, zone)).toEqual({ min: '06:00:00', max: '22:00:00' });
	});
});

describe('localDayOf', () => {
	it('gives the territory’s day of an instant', () => {
		expect(localDayOf(new Date('2026-11-24T23:30:00Z'), 'Europe/Paris')).toBe('2026-11-25');
		expect(localDayOf(new Date('2026-11-24T19:30:00Z'), 'Indian/Reunion')).toBe('2026-11-24');
	});
});

describe('withPrimary', () => {
	it('replaces the main agenda and keeps the others beside it, once each', () => {
		expect(withPrimary(['me', 'a', 'b'], 'x')).toEqual(['x', 'a', 'b']);
		expect(withPrimary(['me', 'a', 'b'], 'a')).toEqual(['a', 'b']);
		expect(withPrimary(['me'], 'me')).toEqual(['me']);
	});
});
