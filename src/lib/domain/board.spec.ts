import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	applyBoardChange,
	computeBoard,
	concernsDay,
	latestChanges,
	openMinutes,
	subtractSpans,
	unionSpans,
	type Span
} from './board.ts';
import type { BoardRdvChanged } from './realtime.ts';
import type { BoardCard } from './rdv-card.ts';
import type { RdvStatus } from './types.ts';

const H = 3_600_000;
const M = 60_000;
// 2026-12-08 in Paris (UTC+1): 00:00 local = 23:00 UTC the day before.
const dayStart = Date.parse('2026-12-07T23:00:00Z');
const dayEnd = dayStart + 24 * H;
const DAY = '2026-12-08';
const at = (hours: number) => new Date(dayStart + hours * H);

const camille = { id: 'a1', firstName: 'Camille', lastName: 'Durand' };
const dominique = { id: 'a2', firstName: 'Dominique', lastName: 'Bernard' };

function card(
	id: string,
	startHour: number,
	minutes: number,
	status: RdvStatus = 'unknown',
	agents = [camille]
): BoardCard {
	const start = at(startHour);
	return {
		id,
		organisationId: 'o1',
		version: 1,
		startsAt: start.toISOString(),
		endsAt: new Date(start.getTime() + minutes * M).toISOString(),
		durationMinutes: minutes,
		timeZone: 'Europe/Paris',
		days: [DAY],
		status,
		motif: { id: 'm1', name: 'Suivi RSA', color: '#000091', serviceId: 's1', locationType: 'public_office' },
		agents,
		collective: false,
		participantCount: 1,
		updatedAt: new Date(dayStart - H).toISOString()
	};
}

const message = (c: BoardCard, change: BoardRdvChanged['change'], iso: string): BoardRdvChanged => ({
	organisationId: 'o1',
	rdvId: c.id,
	change,
	card: c,
	at: iso,
	actor: dominique
});

const spanArb = fc
	.tuple(fc.integer({ min: 0, max: 48 * 60 }), fc.integer({ min: 1, max: 8 * 60 }))
	.map(([s, d]) => ({ start: dayStart - 12 * H + s * M, end: dayStart - 12 * H + (s + d) * M }));
const minutesOf = (spans: Span[]) => spans.reduce((sum, s) => sum + (s.end - s.start), 0) / M;

describe('spans', () => {
	it('a union is sorted, disjoint and covers exactly the same instants', () => {
		fc.assert(
			fc.property(fc.array(spanArb, { maxLength: 12 }), fc.integer({ min: 0, max: 48 * 60 }), (spans, probe) => {
				const union = unionSpans(spans);
				for (let i = 1; i < union.length; i++) expect(union[i].start).toBeGreaterThan(union[i - 1].end);
				const t = dayStart - 12 * H + probe * M + 1;
				const inside = (list: Span[]) => list.some((s) => s.start <= t && t < s.end);
				expect(inside(union)).toBe(inside(spans));
			})
		);
	});

	it('subtracting leaves only instants inside the day, inside a span and outside every removed span', () => {
		fc.assert(
			fc.property(
				fc.array(spanArb, { maxLength: 8 }),
				fc.array(spanArb, { maxLength: 8 }),
				fc.integer({ min: 0, max: 48 * 60 }),
				(spans, removed, probe) => {
					const day = { start: dayStart, end: dayEnd };
					const left = subtractSpans(spans, removed, day);
					const t = dayStart - 12 * H + probe * M + 1;
					const inside = (list: Span[]) => list.some((s) => s.start <= t && t < s.end);
					const expected = inside(spans) && !inside(removed) && t >= day.start && t < day.end;
					expect(inside(left)).toBe(expected);
					expect(minutesOf(left)).toBeLessThanOrEqual(minutesOf(unionSpans(spans)));
				}
			)
		);
	});

	it('open time: the plages of the day minus absences and holidays', () => {
		const day = { start: dayStart, end: dayEnd };
		const morning = { start: at(9).getTime(), end: at(12).getTime() };
		const afternoon = { start: at(14).getTime(), end: at(17).getTime() };
		expect(openMinutes([morning, afternoon], [], day)).toBe(360);
		// Overlapping plages count once; an absence from 11:00 to 15:00 takes one hour of each.
		expect(openMinutes([morning, morning, afternoon], [{ start: at(11).getTime(), end: at(15).getTime() }], day)).toBe(
			240
		);
		// A whole-day holiday closes everything.
		expect(openMinutes([morning, afternoon], [day], day)).toBe(0);
		// Last night's plage running past midnight counts from midnight only.
		expect(openMinutes([{ start: at(-2).getTime(), end: at(1).getTime() }], [], day)).toBe(60);
	});
});

describe('computeBoard', () => {
	const now = at(11);
	const agents = [
		{ ...camille, openMinutes: 360 },
		{ ...dominique, openMinutes: 0 },
		{ id: 'a3', firstName: 'Alix', lastName: 'Martin', openMinutes: 120 }
	];
	const cards = [
		card('r1', 9, 30, 'seen'),
		card('r2', 9.5, 30, 'noshow'),
		card('r3', 10, 30),
		card('r4', 10.5, 60),
		card('r5', 14, 60),
		card('r6', 15, 30, 'excused'),
		card('r7', 16, 30, 'revoked', [camille, dominique])
	];
	const board = computeBoard({ day: DAY, dayStart, dayEnd, cards, agents, now });

	it('counts the RDVs by status, telling started unknown ones from those to come', () => {
		expect(board.counters).toEqual({
			upcoming: 1,
			to_fill: 2,
			seen: 1,
			noshow: 1,
			excused: 1,
			revoked: 1,
			total: 7
		});
		expect(board.toFill.map((c) => c.id)).toEqual(['r3', 'r4']);
	});

	it('books the time of the RDVs that hold, against each agent’s open time', () => {
		// r1..r5: 30 + 30 + 30 + 60 + 60 minutes; cancelled RDVs free the time.
		expect(board.occupancy).toEqual([
			{ ...camille, bookedMinutes: 210, openMinutes: 360, percent: 58, rdvCount: 5 },
			{ id: 'a3', firstName: 'Alix', lastName: 'Martin', bookedMinutes: 0, openMinutes: 120, percent: 0, rdvCount: 0 }
		]);
		expect(board.bookedMinutes).toBe(210);
		expect(board.openMinutes).toBe(480);
		expect(board.percent).toBe(44);
	});

	it('shows an agent without open time who has RDVs, with no percentage', () => {
		const b = computeBoard({
			day: DAY,
			dayStart,
			dayEnd,
			cards: [card('x', 9, 45, 'unknown', [dominique])],
			agents,
			now
		});
		expect(b.occupancy.find((o) => o.id === 'a2')).toMatchObject({ bookedMinutes: 45, percent: null });
	});

	it('counters always add up to the number of cards, and occupancy never exceeds the day', () => {
		const statusArb = fc.constantFrom<RdvStatus>('unknown', 'seen', 'excused', 'revoked', 'noshow');
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.integer({ min: -2, max: 23 }), fc.integer({ min: 5, max: 300 }), statusArb), {
					maxLength: 30
				}),
				fc.integer({ min: 0, max: 24 }),
				(specs, hour) => {
					const list = specs.map(([h, m, s], i) => card(`r${i}`, h, m, s));
					const b = computeBoard({ day: DAY, dayStart, dayEnd, cards: list, agents, now: at(hour) });
					const { total, ...byStatus } = b.counters;
					expect(Object.values(byStatus).reduce((a, n) => a + n, 0)).toBe(total);
					expect(total).toBe(list.length);
					for (const o of b.occupancy) expect(o.bookedMinutes).toBeLessThanOrEqual(24 * 60);
					const held = list.filter((c) => c.status !== 'excused' && c.status !== 'revoked');
					const sum = held.reduce((a, c) => a + c.durationMinutes, 0);
					expect(b.occupancy.find((o) => o.id === 'a1')?.bookedMinutes ?? 0).toBeLessThanOrEqual(sum);
				}
			)
		);
	});
});

describe('live changes', () => {
	const r1 = card('r1', 9, 30);
	const r2 = card('r2', 10, 30);

	it('replaces a changed RDV, adds a new one of the day and keeps the start order', () => {
		const seen = { ...r2, status: 'seen' as const };
		expect(applyBoardChange([r1, r2], message(seen, 'updated', at(10.6).toISOString()), DAY)).toEqual([r1, seen]);
		const early = card('r0', 8, 30);
		expect(applyBoardChange([r1, r2], message(early, 'created', at(7).toISOString()), DAY).map((c) => c.id)).toEqual([
			'r0',
			'r1',
			'r2'
		]);
	});

	it('drops an RDV moved to another day or deleted, and ignores other days', () => {
		const moved = { ...r1, days: ['2026-12-09'] };
		expect(applyBoardChange([r1, r2], message(moved, 'updated', at(8).toISOString()), DAY)).toEqual([r2]);
		expect(applyBoardChange([r1, r2], message(r2, 'deleted', at(8).toISOString()), DAY)).toEqual([r1]);
		const elsewhere = { ...card('r9', 9, 30), days: ['2026-12-10'] };
		const cards = [r1, r2];
		expect(applyBoardChange(cards, message(elsewhere, 'created', at(8).toISOString()), DAY)).toBe(cards);
		expect(concernsDay(cards, message(elsewhere, 'created', at(8).toISOString()), DAY)).toBe(false);
		expect(concernsDay(cards, message(moved, 'updated', at(8).toISOString()), DAY)).toBe(true);
	});

	it('feeds the latest changes newest first, live messages telling who did what', () => {
		const seen = { ...r1, status: 'seen' as const, updatedAt: at(9.6).toISOString(), updatedBy: dominique };
		const feed = latestChanges([seen, r2], [message(seen, 'updated', at(9.6).toISOString())], DAY);
		expect(feed.map((e) => [e.rdvId, e.change, e.actor?.id])).toEqual([
			['r1', 'updated', 'a2'],
			['r2', undefined, undefined]
		]);
		// A deleted RDV stays in the feed though it left the cards.
		const gone = latestChanges([r1], [message(r2, 'deleted', at(10).toISOString())], DAY);
		expect(gone[0]).toMatchObject({ rdvId: 'r2', change: 'deleted' });
		expect(latestChanges([r1, r2], [], DAY, 1)).toHaveLength(1);
	});
});
