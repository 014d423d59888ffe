import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MailerError, sendEmail } from '../../src/lib/server/notify/mailer.ts';
import { getOutboxAttachment, getOutboxEmail, listOutboxEmails } from '../../src/lib/server/notify/outbox.ts';
import { OutboxEmail } from '../../src/lib/server/db/models/outbox-email.ts';
import { passwordResetEmail, renderEmail } from '../../src/lib/server/notify/templates.ts';
import { startFakeResend, type FakeResend } from '../helpers/fake-resend.ts';

const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Guichet//FR\r\nEND:VCALENDAR\r\n';
const message = () => ({
	to: 'usager@example.fr',
	...passwordResetEmail({ url: 'http://localhost:3000/mot-de-passe/abc', validMinutes: 60 })
});

describe('without RESEND_API_KEY: the development outbox', () => {
	beforeAll(() => {
		delete process.env.RESEND_API_KEY;
		delete process.env.RESEND_BASE_URL;
	});

	it('stores the message, readable by id and by recipient', async () => {
		const sent = await sendEmail({
			...message(),
			to: 'Camille@Example.fr',
			attachments: [{ filename: 'rdv.ics', content: ics, contentType: 'text/calendar' }]
		});
		expect(sent.provider).toBe('outbox');
		const detail = await getOutboxEmail(sent.id);
		expect(detail).toMatchObject({
			to: 'camille@example.fr',
			subject: 'Réinitialisation de votre mot de passe Guichet',
			attachments: [{ filename: 'rdv.ics', contentType: 'text/calendar', size: Buffer.byteLength(ics) }]
		});
		expect(detail?.html).toContain('http://localhost:3000/mot-de-passe/abc');
		expect(detail?.text).toContain('http://localhost:3000/mot-de-passe/abc');
		const list = await listOutboxEmails({ to: 'camille@example.fr' });
		expect(list.map((e) => e.id)).toEqual([sent.id]);
		const attachment = await getOutboxAttachment(sent.id, 0);
		expect(attachment?.content.toString('utf8')).toBe(ics);
		expect(await getOutboxAttachment(sent.id, 1)).toBeNull();
		expect(await getOutboxEmail('not-an-id')).toBeNull();
	});

	it('stores one message per idempotency key, even under concurrent retries', async () => {
		const results = await Promise.all(
			Array.from({ length: 8 }, () => sendEmail({ ...message(), idempotencyKey: 'rdv-1:created:email' }))
		);
		expect(new Set(results.map((r) => r.id)).size).toBe(1);
		expect(await OutboxEmail.countDocuments({ idempotencyKey: 'rdv-1:created:email' })).toBe(1);
	});

	it('lists the latest messages first', async () => {
		const first = await sendEmail({ ...message(), to: 'ordre@example.fr', subject: 'Premier' });
		const second = await sendEmail({ ...message(), to: 'ordre@example.fr', subject: 'Second' });
		const list = await listOutboxEmails({ to: 'ordre@example.fr' });
		expect(list.map((e) => e.id)).toEqual([second.id, first.id]);
	});
});

describe('with RESEND_API_KEY: the Resend SDK against a local fake Resend', () => {
	let fake: FakeResend;

	beforeAll(async () => {
		fake = await startFakeResend();
		process.env.RESEND_API_KEY = fake.apiKey;
		process.env.RESEND_BASE_URL = fake.url;
		process.env.MAIL_FROM = 'Guichet <ne-pas-repondre@guichet.test>';
	});

	afterEach(() => {
		fake.requests.length = 0;
	});

	afterAll(async () => {
		delete process.env.RESEND_API_KEY;
		delete process.env.RESEND_BASE_URL;
		delete process.env.MAIL_FROM;
		await fake.close();
	});

	it('sends the message with the key, the sender and base64 attachments', async () => {
		const before = await OutboxEmail.countDocuments({});
		const sent = await sendEmail({
			...message(),
			attachments: [{ filename: 'rdv.ics', content: ics, contentType: 'text/calendar' }]
		});
		expect(sent.provider).toBe('resend');
		expect(fake.delivered.has(sent.id)).toBe(true);
		expect(fake.requests).toHaveLength(1);
		const [req] = fake.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/emails');
		expect(req.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
		expect(req.headers['idempotency-key']).toBeUndefined();
		expect(req.body).toMatchObject({
			from: 'Guichet <ne-pas-repondre@guichet.test>',
			to: ['usager@example.fr'],
			subject: 'Réinitialisation de votre mot de passe Guichet',
			attachments: [
				{ filename: 'rdv.ics', content_type: 'text/calendar', content: Buffer.from(ics).toString('base64') }
			]
		});
		const body = req.body as { html: string; text: string };
		expect(body.html).toContain('<html lang="fr">');
		expect(body.text).toContain('Choisir un nouveau mot de passe : http://localhost:3000/mot-de-passe/abc');
		// Nothing lands in the outbox when Resend is configured.
		expect(await OutboxEmail.countDocuments({})).toBe(before);
	});

	it('passes the idempotency key as a header, and a retry gets the same message id', async () => {
		const a = await sendEmail({ ...message(), idempotencyKey: 'rdv-42:reminder:email' });
		const b = await sendEmail({ ...message(), idempotencyKey: 'rdv-42:reminder:email' });
		expect(b.id).toBe(a.id);
		expect(fake.requests.map((r) => r.headers['idempotency-key'])).toEqual([
			'rdv-42:reminder:email',
			'rdv-42:reminder:email'
		]);
	});

	it.each([
		[422, 'validation_error', false],
		[429, 'rate_limit_exceeded', true],
		[500, 'application_error', true]
	] as const)('maps a %i answer to a MailerError with the provider message', async (status, code, retryable) => {
		fake.failNext(status);
		const err = await sendEmail(message()).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(MailerError);
		expect(err).toMatchObject({ statusCode: status, code, retryable, provider: 'resend' });
		expect((err as MailerError).message).toMatch(/\S/);
		expect((err as MailerError).message).not.toBe('Error');
		// The next attempt goes through again.
		await expect(sendEmail(message())).resolves.toMatchObject({ provider: 'resend' });
	});

	it('reports a refused message (invalid address) with the provider message', async () => {
		const err = await sendEmail({ ...message(), to: 'pas-une-adresse' }).catch((e: unknown) => e);
		expect(err).toMatchObject({ statusCode: 422, code: 'validation_error', retryable: false });
		expect((err as Error).message).toContain('`to`');
	});

	it('reports a wrong API key', async () => {
		process.env.RESEND_API_KEY = 're_wrong';
		try {
			const err = await sendEmail(message()).catch((e: unknown) => e);
			expect(err).toMatchObject({ statusCode: 403, code: 'invalid_api_key', retryable: false });
		} finally {
			process.env.RESEND_API_KEY = fake.apiKey;
		}
	});

	it('reports an unreachable provider as retryable', async () => {
		const down = await startFakeResend({ apiKey: fake.apiKey });
		await down.close();
		process.env.RESEND_BASE_URL = down.url;
		try {
			const err = await sendEmail(message()).catch((e: unknown) => e);
			expect(err).toMatchObject({ statusCode: null, retryable: true });
		} finally {
			process.env.RESEND_BASE_URL = fake.url;
		}
	});
});

describe('templates', () => {
	it('escapes everything it is given', () => {
		const { html, text } = renderEmail({
			title: 'RDV <b>important</b>',
			paragraphs: ['Texte avec <script>alert(1)</script> & "guillemets"\nnouvelle ligne'],
			details: [{ label: 'Lieu', value: 'MDS <Arras>' }],
			action: { label: 'Voir', url: 'https://exemple.fr/?a=1&b="2"' }
		});
		expect(html).not.toContain('<script>');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;guillemets&quot;<br>nouvelle ligne');
		expect(html).toContain('MDS &lt;Arras&gt;');
		expect(html).toContain('href="https://exemple.fr/?a=1&amp;b=&quot;2&quot;"');
		expect(text).toContain('Lieu : MDS <Arras>');
		expect(text).toContain('Voir : https://exemple.fr/?a=1&b="2"');
	});
});
