import { describe, expect, it } from 'vitest';
import {
	AGENT_COLORS,
	agentColor,
	formatDay,
	formatTimeFr,
	parseSearchState,
	searchQuery,
	weekGrid,
	withState
} from './creneaux-grid.ts';

const A = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const L = 'cccccccccccccccccccccccc';

describe('search state in the URL', () => {
	it('round-trips through the query string', () => {
		const state = {
			serviceId: A,
			motifId: B,
			from: '2026-11-24',
			agentIds: [A, B],
			lieuIds: [L],
			lieuId: L,
			wider: true
		};
		expect(parseSearchState(new URLSearchParams(searchQuery(state)), '2026-01-01')).toEqual(state);
		const noLieu = { ...state, lieuId: '', wider: false };
		expect(parseSearchState(new URLSearchParams(searchQuery(noLieu)), '2026-01-01')).toEqual(noLieu);
	});

	it('drops malformed values and defaults the date to today', () => {
		const state = parseSearchState(new URLSearchParams('motif=nope&date=2026-02-30&agent=x&agent=' + A), '2026-03-01');
		expect(state).toEqual({ from: '2026-03-01', agentIds: [A], lieuIds: [], wider: false });
	});

	it('patches one field and keeps the others', () => {
		const state = parseSearchState(new URLSearchParams(`motif=${A}&date=2026-11-24`), '2026-01-01');
		expect(withState(state, { from: '2026-12-01' })).toBe(`motif=${A}&date=2026-12-01`);
	});
});

describe('weekGrid', () => {
	const slot = (agentId: string, day: string, time: string, lieuId?: string) => ({
		agentId,
		lieuId,
		day,
		time,
		startsAt: `${day}T${time}:00Z`,
		endsAt: `${day}T${time}:30Z`
	});

	it('makes 7 columns from the first day, keeps one lieu, sorts by time then agent order', () => {
		const grid = weekGrid(
			[
				slot(A, '2026-11-25', '10:00', L),
				slot(B, '2026-11-25', '09:00', L),
				slot(A, '2026-11-25', '09:00', L),
				slot(A, '2026-11-26', '09:00'),
				slot(A, '2026-12-01', '09:00', L)
			],
			'2026-11-24',
			L,
			[B, A]
		);
		expect(grid.map((d) => d.day)).toEqual([
			'2026-11-24',
			'2026-11-25',
			'2026-11-26',
			'2026-11-27',
			'2026-11-28',
			'2026-11-29',
			'2026-11-30'
		]);
		expect(grid[1].slots.map((s) => `${s.time} ${s.agentId[0]}`)).toEqual(['09:00 b', '09:00 a', '10:00 a']);
		expect(grid[2].slots).toEqual([]);
		expect(weekGrid([slot(A, '2026-11-26', '09:00')], '2026-11-24', '', [A])[2].slots).toHaveLength(1);
	});
});

describe('labels and colours', () => {
	it('formats French days and times', () => {
		expect(formatDay('2026-11-24')).toBe('mardi 24 novembre 2026');
		expect(formatTimeFr('09:05')).toBe('9h05');
	});

	it('gives each agent a stable colour from its rank in the organisation', () => {
		expect(agentColor(B, [A, B])).toBe(AGENT_COLORS[1]);
		expect(agentColor(L, [A, B])).toBe(agentColor(L, []));
	});
});
