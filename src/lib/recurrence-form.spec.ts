import { describe, expect, it } from 'vitest';
import { checkTimesAndDays, monthlyLabel, NO_RECURRENCE, toRecurrence } from './recurrence-form.ts';

const times = { startTime: '09:00', endTime: '12:00' };

describe('plage and absence forms: days', () => {
	it('refuse impossible and out-of-range days with the shared French messages', () => {
		expect(checkTimesAndDays({ firstDay: '2027-02-30', ...times })).toEqual({
			firstDay: 'Date impossible : le 30/02/2027 n’existe pas dans le calendrier.'
		});
		expect(checkTimesAndDays({ firstDay: '1900-01-01', ...times }).firstDay).toMatch(/^Date hors limites/);
		expect(checkTimesAndDays({ firstDay: '', ...times }).firstDay).toBe('Indiquez une date valide (JJ/MM/AAAA).');
		expect(checkTimesAndDays({ firstDay: '2027-03-01', ...times })).toEqual({});
	});

	it('refuse an impossible end of recurrence', () => {
		const repeat = { ...NO_RECURRENCE, repeat: true };
		expect(toRecurrence({ ...repeat, until: '2027-13-01' }).errors).toEqual({
			'recurrence.until': 'Date impossible : le 01/13/2027 n’existe pas dans le calendrier.'
		});
		expect(toRecurrence({ ...repeat, until: '2027-12-31' })).toMatchObject({
			recurrence: { until: '2027-12-31' },
			errors: {}
		});
	});

	it('name no weekday for an impossible first day', () => {
		expect(monthlyLabel('2027-02-30')).toBe('le même jour de la semaine, même rang dans le mois');
		expect(monthlyLabel('2027-03-09')).toBe('le 2e mardi du mois');
	});
});
