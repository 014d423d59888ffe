import { describe, expect, it } from 'vitest';
import { firstNameAndInitial, prescripteurConfirmationEmail } from './prescripteur-templates.ts';

describe('firstNameAndInitial', () => {
	it('keeps the first name and the last name’s initial', () => {
		expect(firstNameAndInitial(' Marie ', 'dupont')).toBe('Marie D.');
		expect(firstNameAndInitial('Élise', 'éluard')).toBe('Élise É.');
		expect(firstNameAndInitial('Paul', '  ')).toBe('Paul');
	});
});

describe('prescripteurConfirmationEmail', () => {
	const base = {
		prescripteurFirstName: 'Marie',
		beneficiary: 'Rose M.',
		motifName: 'Entretien téléphonique',
		locationType: 'phone' as const,
		when: 'mardi 30 mars 2027 à 15h00',
		durationMinutes: 20,
		organisation: { name: 'MDS Lens', phone: '03 21 11 22 33' }
	};

	it('tells the motif, the time, how it happens and whom to call, in both versions', () => {
		const mail = prescripteurConfirmationEmail({ ...base, instructionsAfterBooking: 'Préparez vos justificatifs.' });
		expect(mail.subject).toBe('Rendez-vous confirmé pour Rose M. le mardi 30 mars 2027 à 15h00');
		for (const body of [mail.text, mail.html]) {
			expect(body).toContain('Entretien téléphonique');
			expect(body).toContain('Par téléphone');
			expect(body).toContain('03 21 11 22 33');
			expect(body).toContain('Préparez vos justificatifs.');
		}
	});

	it('escapes what agents and prescripteurs typed', () => {
		const mail = prescripteurConfirmationEmail({
			...base,
			beneficiary: '<b>Rose</b> M.',
			organisation: { name: 'MDS <script>' }
		});
		expect(mail.html).not.toContain('<b>Rose</b>');
		expect(mail.html).not.toContain('<script>');
		expect(mail.html).toContain('&lt;b&gt;Rose&lt;/b&gt; M.');
	});
});
