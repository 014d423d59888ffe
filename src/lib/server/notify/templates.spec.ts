import { describe, expect, it } from 'vitest';
import { escapeHtml, formatDuration, loginCodeEmail, passwordResetEmail, renderEmail } from './templates.ts';

describe('renderEmail', () => {
	it('renders the same content in HTML and text, in French', () => {
		const { html, text } = renderEmail({
			title: 'Votre rendez-vous',
			paragraphs: ['Bonjour,', 'Votre rendez-vous est confirmé.'],
			details: [{ label: 'Date', value: 'lundi 2 mars 2026 à 9 h 30' }],
			action: { label: 'Voir le rendez-vous', url: 'https://guichet.example/r/1/abc' },
			footnote: 'Vous recevez ce message car un rendez-vous a été pris pour vous.'
		});
		expect(html).toContain('<html lang="fr">');
		for (const part of ['Votre rendez-vous est confirmé.', 'lundi 2 mars 2026 à 9 h 30', 'Voir le rendez-vous']) {
			expect(html).toContain(part);
			expect(text).toContain(part);
		}
		expect(text).toContain('Date : lundi 2 mars 2026 à 9 h 30');
		expect(text).toContain('Voir le rendez-vous : https://guichet.example/r/1/abc');
		expect(text).not.toMatch(/<[a-z]/);
	});

	it('leaves out the optional blocks', () => {
		const { html, text } = renderEmail({ title: 'Titre', paragraphs: ['Texte.'] });
		expect(html).not.toContain('<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px');
		expect(html).not.toContain('Si le bouton ne fonctionne pas');
		expect(text).not.toContain(' : http');
	});

	it('escapes markup', () => {
		expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
	});
});

describe('passwordResetEmail', () => {
	it('carries the link and its validity', () => {
		const mail = passwordResetEmail({ url: 'https://guichet.example/mot-de-passe/tok', validMinutes: 60 });
		expect(mail.subject).toBe('Réinitialisation de votre mot de passe Guichet');
		expect(mail.text).toContain('https://guichet.example/mot-de-passe/tok');
		expect(mail.text).toContain('valable 1 heure');
	});

	it('phrases durations', () => {
		expect(formatDuration(60)).toBe('1 heure');
		expect(formatDuration(120)).toBe('2 heures');
		expect(formatDuration(30)).toBe('30 minutes');
		expect(formatDuration(1)).toBe('1 minute');
	});
});

describe('loginCodeEmail', () => {
	it('shows the code in the subject (a phone’s notification) and the body, with its validity', () => {
		const mail = loginCodeEmail({ code: '042917', validMinutes: 10 });
		expect(mail.subject).toBe('Votre code de connexion Guichet : 042917');
		expect(mail.text).toContain('\n042917\n');
		expect(mail.html).toContain('042917');
		expect(mail.text).toContain('valable 10 minutes et ne peut servir qu’une fois');
	});
});
