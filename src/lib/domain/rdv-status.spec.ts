import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	COLLECTIVE_STATUSES,
	allowedRdvStatuses,
	claimsChange,
	participantStatusChangeRefusal,
	participantsFollowRdv,
	rdvStatusChangeRefusal,
	rdvStatusFromParticipants,
	rdvStatusLabel,
	unknownPhase
} from './rdv-status.ts';
import { RDV_STATUSES, type RdvStatus } from './types.ts';

const PARIS = 'Europe/Paris';
const at = (iso: string) => new Date(iso);
const status = fc.constantFrom(...RDV_STATUSES);
const collectiveStatus = fc.constantFrom(...COLLECTIVE_STATUSES);
const participants = fc.array(status, { minLength: 1, maxLength: 6 });

describe('labels', () => {
	const rdv = { startsAt: at('2026-03-10T09:00:00Z'), timeZone: PARIS };

	it('tells an unknown status by time: upcoming, today, then to fill once started', () => {
		expect(rdvStatusLabel('unknown', rdv, at('2026-03-09T09:00:00Z'))).toBe('À venir');
		expect(rdvStatusLabel('unknown', rdv, at('2026-03-10T07:00:00Z'))).toBe('Aujourd’hui');
		expect(rdvStatusLabel('unknown', rdv, at('2026-03-10T09:00:00Z'))).toBe('À renseigner');
		expect(rdvStatusLabel('unknown', rdv, at('2026-04-01T09:00:00Z'))).toBe('À renseigner');
	});

	it('counts « today » in the territory’s zone, not in UTC', () => {
		// 23:30 UTC on the 9th is already the 10th in Paris (and in Réunion), still the 9th in Guadeloupe.
		const now = at('2026-03-09T23:30:00Z');
		expect(unknownPhase(rdv, now)).toBe('today');
		expect(unknownPhase({ ...rdv, timeZone: 'America/Guadeloupe' }, now)).toBe('upcoming');
	});

	it('names every other status whatever the time', () => {
		const now = at('2026-03-01T00:00:00Z');
		expect(rdvStatusLabel('seen', rdv, now)).toBe('Honoré');
		expect(rdvStatusLabel('excused', rdv, now)).toBe('Annulé par l’usager');
		expect(rdvStatusLabel('revoked', rdv, now)).toBe('Annulé par le service');
		expect(rdvStatusLabel('noshow', rdv, now)).toBe('Absent non excusé');
	});
});

describe('allowed changes', () => {
	const start = at('2026-03-10T09:00:00Z');
	const before = at('2026-03-10T08:59:00Z');
	const after = at('2026-03-10T09:00:00Z');

	it('refuses seen and noshow before the start, allows them from the start', () => {
		const rdv = { startsAt: start, timeZone: PARIS, collective: false };
		expect(rdvStatusChangeRefusal(rdv, 'unknown', 'seen', before)).toBe('not_started');
		expect(rdvStatusChangeRefusal(rdv, 'unknown', 'noshow', before)).toBe('not_started');
		expect(rdvStatusChangeRefusal(rdv, 'unknown', 'excused', before)).toBeNull();
		expect(rdvStatusChangeRefusal(rdv, 'unknown', 'seen', after)).toBeNull();
		expect(allowedRdvStatuses(rdv, before)).toEqual(['unknown', 'excused', 'revoked']);
		expect(allowedRdvStatuses(rdv, after)).toEqual([...RDV_STATUSES]);
	});

	it('keeps collective sessions to unknown, seen and revoked', () => {
		const rdv = { startsAt: start, timeZone: PARIS, collective: true };
		expect(allowedRdvStatuses(rdv, after)).toEqual(['unknown', 'seen', 'revoked']);
		expect(rdvStatusChangeRefusal(rdv, 'unknown', 'excused', after)).toBe('collective');
		expect(rdvStatusChangeRefusal(rdv, 'unknown', 'noshow', after)).toBe('collective');
	});

	it('refuses exactly what allowedRdvStatuses leaves out, and a change to the same status', () => {
		fc.assert(
			fc.property(status, status, fc.boolean(), fc.integer({ min: -1000, max: 1000 }), (from, to, collective, dt) => {
				const rdv = { startsAt: start, timeZone: PARIS, collective };
				const now = new Date(start.getTime() + dt * 60_000);
				const refusal = rdvStatusChangeRefusal(rdv, from, to, now);
				if (from === to) expect(refusal).toBe('unchanged');
				else expect(refusal === null).toBe(allowedRdvStatuses(rdv, now).includes(to));
			})
		);
	});

	it('lets a participant of a session excuse themselves, not be marked before the start', () => {
		const rdv = { startsAt: start, timeZone: PARIS };
		expect(participantStatusChangeRefusal(rdv, 'unknown', 'excused', before)).toBeNull();
		expect(participantStatusChangeRefusal(rdv, 'unknown', 'noshow', before)).toBe('not_started');
		expect(participantStatusChangeRefusal(rdv, 'seen', 'seen', after)).toBe('unchanged');
	});
});

describe('propagation', () => {
	it('individual RDV: every participant takes the RDV’s status, and the RDV reads back the same', () => {
		fc.assert(
			fc.property(participants, status, (ps, s) => {
				const followed = participantsFollowRdv(false, ps, s);
				expect(followed).toEqual(ps.map(() => s));
				expect(rdvStatusFromParticipants(false, followed, 'unknown')).toBe(s);
			})
		);
	});

	it('individual RDV: all participants excused → excused; one came → seen; one still expected → unknown', () => {
		expect(rdvStatusFromParticipants(false, ['excused', 'excused'], 'unknown')).toBe('excused');
		expect(rdvStatusFromParticipants(false, ['excused', 'revoked'], 'unknown')).toBe('revoked');
		expect(rdvStatusFromParticipants(false, ['noshow', 'seen'], 'unknown')).toBe('seen');
		expect(rdvStatusFromParticipants(false, ['excused', 'unknown'], 'seen')).toBe('unknown');
		expect(rdvStatusFromParticipants(false, ['excused', 'noshow'], 'unknown')).toBe('noshow');
	});

	it('individual RDV: the derived status is one a participant holds', () => {
		fc.assert(
			fc.property(participants, status, (ps, current) => {
				expect(ps).toContain(rdvStatusFromParticipants(false, ps, current));
			})
		);
	});

	it('collective session: revoking spares those who excused themselves; reopening brings the others back', () => {
		expect(participantsFollowRdv(true, ['unknown', 'excused', 'seen'], 'revoked')).toEqual([
			'revoked',
			'excused',
			'revoked'
		]);
		expect(participantsFollowRdv(true, ['revoked', 'excused', 'noshow'], 'unknown')).toEqual([
			'unknown',
			'excused',
			'unknown'
		]);
		expect(participantsFollowRdv(true, ['unknown', 'excused', 'noshow', 'revoked'], 'seen')).toEqual([
			'seen',
			'excused',
			'noshow',
			'seen'
		]);
	});

	it('collective session: the status set reads back from the participants while one of them is expected or came', () => {
		fc.assert(
			fc.property(participants, collectiveStatus, (ps, s) => {
				fc.pre(ps.some((p) => p === 'unknown' || p === 'seen'));
				const followed = participantsFollowRdv(true, ps, s);
				expect(followed.every((p) => p !== 'excused' || ps.includes('excused'))).toBe(true);
				expect(rdvStatusFromParticipants(true, followed, s)).toBe(s);
			})
		);
	});

	it('collective session: stays within its statuses whatever its participants do', () => {
		fc.assert(
			fc.property(fc.array(status, { maxLength: 6 }), collectiveStatus, (ps, current) => {
				expect(COLLECTIVE_STATUSES).toContain(rdvStatusFromParticipants(true, ps, current));
			})
		);
	});

	it('an empty session keeps its status', () => {
		expect(rdvStatusFromParticipants(true, [], 'seen')).toBe('seen');
	});
});

describe('claims', () => {
	it('releases on cancel, claims again on reactivation, nothing between active statuses', () => {
		const cases: [RdvStatus, RdvStatus, ReturnType<typeof claimsChange>][] = [
			['unknown', 'revoked', 'release'],
			['seen', 'excused', 'release'],
			['excused', 'unknown', 'claim'],
			['revoked', 'noshow', 'claim'],
			['unknown', 'seen', null],
			['excused', 'revoked', null]
		];
		for (const [from, to, expected] of cases) expect(claimsChange(from, to)).toBe(expected);
	});
});
