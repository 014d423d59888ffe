import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOOKABLE_BY, RDV_CREATORS, RDV_STATUSES } from './types.ts';
import {
	USAGER_CANCEL_MIN_HOURS,
	USAGER_MOVE_MIN_HOURS,
	contactHint,
	usagerCancelRefusal,
	usagerMoveRefusal,
	usagerRdvActions,
	usagerStatusLabel,
	type UsagerRdvRuleInput
} from './usager-rdv-rules.ts';

const HOUR = 3_600_000;
const NOW = new Date('2027-03-01T10:00:00Z');
const inHours = (h: number) => new Date(NOW.getTime() + h * HOUR);

const rdv = (over: Partial<UsagerRdvRuleInput> = {}): UsagerRdvRuleInput => ({
	status: 'unknown',
	startsAt: inHours(72),
	collective: false,
	createdBy: 'usager',
	motif: { rdvsCancellableByUser: true, rdvsEditableByUser: true, bookableBy: 'everyone' },
	contact: { name: 'MDS Arras', phone: '03 21 00 00 00' },
	...over
});

describe('usagerCancelRefusal', () => {
	it('allows a cancel exactly 4 hours before, not a millisecond later', () => {
		expect(usagerCancelRefusal(rdv({ startsAt: inHours(USAGER_CANCEL_MIN_HOURS) }), NOW)).toBeNull();
		const late = usagerCancelRefusal(rdv({ startsAt: inHours(USAGER_CANCEL_MIN_HOURS).getTime() - 1 }), NOW);
		expect(late).toEqual({
			code: 'too_late',
			message: 'Ce RDV ne peut plus être annulé en ligne moins de 4 heures avant : appelez MDS Arras au 03 21 00 00 00.'
		});
	});

	it('refuses when the motif forbids it, a cancelled RDV, a past one and a collective session', () => {
		const forbids = rdv({ motif: { ...rdv().motif, rdvsCancellableByUser: false } });
		expect(usagerCancelRefusal(forbids, NOW)?.code).toBe('motif_forbids');
		expect(usagerCancelRefusal(rdv({ status: 'revoked' }), NOW)?.code).toBe('inactive');
		expect(usagerCancelRefusal(rdv({ status: 'excused' }), NOW)?.code).toBe('inactive');
		expect(usagerCancelRefusal(rdv({ startsAt: NOW }), NOW)?.code).toBe('past');
		expect(usagerCancelRefusal(rdv({ collective: true }), NOW)?.code).toBe('collective');
	});

	it('allows a cancel of an RDV the service booked (only moving is theirs alone)', () => {
		expect(usagerCancelRefusal(rdv({ createdBy: 'agent' }), NOW)).toBeNull();
	});
});

describe('usagerMoveRefusal', () => {
	it('allows a move exactly 48 hours before, not a millisecond later', () => {
		expect(usagerMoveRefusal(rdv({ startsAt: inHours(USAGER_MOVE_MIN_HOURS) }), NOW)).toBeNull();
		const late = usagerMoveRefusal(rdv({ startsAt: inHours(USAGER_MOVE_MIN_HOURS).getTime() - 1 }), NOW);
		expect(late?.code).toBe('too_late');
		expect(late?.message).toBe(
			'Ce RDV ne peut plus être déplacé en ligne moins de 48 heures avant : appelez MDS Arras au 03 21 00 00 00.'
		);
	});

	it('refuses an RDV created by an agent, a motif not editable or no longer online, a collective session', () => {
		expect(usagerMoveRefusal(rdv({ createdBy: 'agent' }), NOW)?.code).toBe('created_by_agent');
		expect(usagerMoveRefusal(rdv({ createdBy: 'prescripteur' }), NOW)).toBeNull();
		const motif = rdv().motif;
		expect(usagerMoveRefusal(rdv({ motif: { ...motif, rdvsEditableByUser: false } }), NOW)?.code).toBe('motif_forbids');
		expect(usagerMoveRefusal(rdv({ motif: { ...motif, bookableBy: 'agents_and_prescripteurs' } }), NOW)?.code).toBe(
			'not_online'
		);
		expect(usagerMoveRefusal(rdv({ motif: { ...motif, deleted: true } }), NOW)?.code).toBe('not_online');
		expect(usagerMoveRefusal(rdv({ collective: true }), NOW)?.code).toBe('collective');
		expect(usagerMoveRefusal(rdv({ status: 'seen', startsAt: inHours(-1) }), NOW)?.code).toBe('past');
		expect(usagerMoveRefusal(rdv({ status: 'excused' }), NOW)?.code).toBe('inactive');
	});
});

describe('contactHint', () => {
	it('names the phone when there is one', () => {
		expect(contactHint({ name: 'PMI Lens', phone: null })).toBe('contactez PMI Lens');
		expect(contactHint(undefined)).toBe('contactez le service qui vous reçoit');
	});
});

describe('usagerRdvActions (properties)', () => {
	const arbitraryRdv = fc.record({
		status: fc.constantFrom(...RDV_STATUSES),
		startsAt: fc.integer({ min: -100 * HOUR, max: 200 * HOUR }).map((ms) => NOW.getTime() + ms),
		collective: fc.boolean(),
		createdBy: fc.constantFrom(...RDV_CREATORS),
		motif: fc.record({
			rdvsCancellableByUser: fc.boolean(),
			rdvsEditableByUser: fc.boolean(),
			bookableBy: fc.constantFrom(...BOOKABLE_BY),
			deleted: fc.boolean()
		}),
		contact: fc.constant({ name: 'MDS', phone: '0321000000' })
	});

	it('never allows a change of a cancelled or past RDV, nor one closer than its limit', () => {
		fc.assert(
			fc.property(arbitraryRdv, (r) => {
				const { cancel, move } = usagerRdvActions(r, NOW);
				const left = r.startsAt - NOW.getTime();
				const active = r.status === 'unknown';
				if (cancel.allowed) expect(active && left >= USAGER_CANCEL_MIN_HOURS * HOUR).toBe(true);
				if (move.allowed)
					expect(active && left >= USAGER_MOVE_MIN_HOURS * HOUR && r.createdBy !== 'agent' && !r.collective).toBe(true);
			})
		);
	});

	it('allows a move only when a cancel is allowed too, except for an RDV the usager may not cancel by motif', () => {
		fc.assert(
			fc.property(arbitraryRdv, (r) => {
				const { cancel, move } = usagerRdvActions(r, NOW);
				if (move.allowed && r.motif.rdvsCancellableByUser) expect(cancel.allowed).toBe(true);
			})
		);
	});

	it('gives every refusal a French sentence that tells whom to call, except for cancelled or past RDVs', () => {
		fc.assert(
			fc.property(arbitraryRdv, (r) => {
				for (const answer of Object.values(usagerRdvActions(r, NOW))) {
					if (answer.allowed) continue;
					const { code, message } = answer.reason;
					if (code === 'inactive' || code === 'past') continue;
					expect(message).toContain('appelez MDS au 0321000000');
				}
			})
		);
	});
});

describe('usagerStatusLabel', () => {
	it('tells an upcoming RDV from a past one, and who cancelled', () => {
		expect(usagerStatusLabel('unknown', inHours(1), NOW)).toBe('À venir');
		expect(usagerStatusLabel('unknown', NOW, NOW)).toBe('Passé');
		expect(usagerStatusLabel('excused', inHours(1), NOW)).toBe('Annulé à votre demande');
		expect(usagerStatusLabel('revoked', inHours(1), NOW)).toBe('Annulé par le service');
	});
});
