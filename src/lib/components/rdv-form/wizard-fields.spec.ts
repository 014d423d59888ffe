import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	carriedEntries,
	readDuration,
	readNotifications,
	readParticipants,
	readSeats,
	readSlot,
	readStart,
	type FieldSource
} from './wizard-fields';

const source = (entries: [string, string][]): FieldSource => {
	const params = new URLSearchParams(entries);
	return { get: (n) => params.get(n), getAll: (n) => params.getAll(n) };
};
const A = 'a'.repeat(24);
const B = 'b'.repeat(24);

describe('readSlot', () => {
	it('reads what the agenda sends when a range is selected: no motif, a start, a duration, an agent', () => {
		const slot = readSlot(
			source([
				['debut', '2027-04-06T07:00:00.000Z'],
				['duree', '45'],
				['agent', A]
			])
		);
		expect(slot).toMatchObject({ motifId: '', validStart: true, durationMinutes: 45, agentIds: [A], retour: '' });
	});

	it('takes the duration from the end when none is given, and ignores invalid ids', () => {
		const slot = readSlot(
			source([
				['debut', '2027-04-06T07:00:00Z'],
				['fin', '2027-04-06T07:30:00Z'],
				['agent', 'nope'],
				['agent', B],
				['agent', B],
				['lieu', 'x']
			])
		);
		expect(slot).toMatchObject({ durationMinutes: 30, agentIds: [B], lieuId: undefined });
		expect(readSlot(source([['debut', 'demain']])).validStart).toBe(false);
	});
});

describe('readParticipants', () => {
	it('keeps the ticked usagers in order, once, and notes « Créer un usager »', () => {
		const read = readParticipants(
			source([
				['usager', B],
				['usager', 'nouveau'],
				['usager', A],
				['usager', B]
			])
		);
		expect(read).toEqual({ usagerIds: [B, A], createNew: true });
		expect(readParticipants(source([['usager', 'aucun']]))).toEqual({ usagerIds: [], createNew: false });
	});
});

describe('readNotifications', () => {
	it('reads the boxes of the participants shown, and gives both to the others', () => {
		const f = source([
			[`notif-${A}`, 'false'],
			[`rappel-${A}`, 'false'],
			[`rappel-${A}`, 'true']
		]);
		expect(readNotifications(f, [A, B])).toEqual([
			{ usagerId: A, sendLifecycleNotifications: false, sendReminderNotification: true },
			{ usagerId: B, sendLifecycleNotifications: true, sendReminderNotification: true }
		]);
	});

	it('an unticked box is always a « no » once shown, whatever else is posted', () => {
		fc.assert(
			fc.property(fc.boolean(), fc.boolean(), (lifecycle, reminder) => {
				const entries: [string, string][] = [
					[`notif-${A}`, 'false'],
					[`rappel-${A}`, 'false']
				];
				if (lifecycle) entries.push([`notif-${A}`, 'true']);
				if (reminder) entries.push([`rappel-${A}`, 'true']);
				expect(readNotifications(source(entries), [A])).toEqual([
					{ usagerId: A, sendLifecycleNotifications: lifecycle, sendReminderNotification: reminder }
				]);
			})
		);
	});
});

describe('readDuration and readSeats', () => {
	it('accepts durations of 5 to 1440 minutes on the 5-minute grain only', () => {
		fc.assert(
			fc.property(fc.integer({ min: -100, max: 2000 }), (n) => {
				const ok = n >= 5 && n <= 1440 && n % 5 === 0;
				expect(readDuration(String(n)).minutes).toBe(ok ? n : undefined);
			})
		);
		expect(readDuration('').error).toMatch(/Durée invalide/);
		expect(readDuration('12.5').error).toMatch(/Durée invalide/);
	});

	it('reads an empty seat count as no maximum', () => {
		expect(readSeats('')).toEqual({});
		expect(readSeats('12')).toEqual({ seats: 12 });
		expect(readSeats('0').error).toMatch(/Nombre de places invalide/);
	});
});

describe('readStart', () => {
	const none = { startsAt: '', validStart: false };
	it('makes the instant from the local day and time', () => {
		expect(readStart({ jour: '2027-04-06', heure: '09:00' }, none, 'Europe/Paris')).toEqual({
			startsAt: '2027-04-06T07:00:00.000Z',
			errors: {}
		});
	});

	it('keeps a posted instant when neither field is sent', () => {
		const fallback = { startsAt: '2027-04-06T07:00:00Z', validStart: true };
		expect(readStart({ jour: '', heure: '' }, fallback, 'Europe/Paris').startsAt).toBe(fallback.startsAt);
	});

	it('says what is wrong with each field', () => {
		expect(readStart({ jour: '', heure: '9h' }, none, 'Europe/Paris').errors).toEqual({
			jour: 'Choisissez le jour.',
			heure: 'Indiquez l’heure de début (HH:MM).'
		});
		expect(readStart({ jour: '2027-02-30', heure: '09:03' }, none, 'Europe/Paris').errors).toMatchObject({
			jour: expect.stringContaining('30/02/2027'),
			heure: 'L’heure doit tomber sur un multiple de 5 minutes.'
		});
	});
});

describe('carriedEntries', () => {
	it('carries every typed field but the confirmations, the search itself and « Créer un usager »', () => {
		const form = new FormData();
		for (const [k, v] of [
			['duree', '45'],
			['confirm', 'on'],
			['allowDuplicates', 'on'],
			['q', 'x'],
			['usager', A],
			['usager', 'nouveau'],
			['usager', B]
		])
			form.append(k, v);
		expect(carriedEntries(form.entries())).toEqual([
			['duree', '45'],
			['usager', A],
			['usager', B]
		]);
	});
});
