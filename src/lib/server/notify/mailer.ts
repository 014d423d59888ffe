/**
 * The one way to send an email. With RESEND_API_KEY: the Resend SDK (RESEND_BASE_URL points it elsewhere,
 * e.g. at the fake server the tests run). Without: the development outbox in the database, read at /dev/emails.
 * Callers pass an idempotency key when they may retry (jobs): the same key never sends a second message.
 */
import { Resend } from 'resend';
import { env } from '../env.ts';
import { logger } from '../logger.ts';
import { attachmentBytes, type EmailMessage } from './message.ts';
import { storeInOutbox } from './outbox.ts';

export type { EmailAttachment, EmailMessage } from './message.ts';

export interface SentEmail {
	id: string;
	provider: 'resend' | 'outbox';
}

/** A refusal or failure of the provider, with its own message. */
export class MailerError extends Error {
	readonly provider: 'resend';
	/** HTTP status from the provider; null when it could not be reached. */
	readonly statusCode: number | null;
	/** The provider's error name (validation_error, rate_limit_exceeded, …). */
	readonly code: string;
	/** Worth trying again later: rate limited, provider error or unreachable; not a refused message. */
	readonly retryable: boolean;

	constructor(message: string, details: { statusCode: number | null; code: string }) {
		super(message);
		this.name = 'MailerError';
		this.provider = 'resend';
		this.statusCode = details.statusCode;
		this.code = details.code;
		this.retryable = details.statusCode === null || details.statusCode === 429 || details.statusCode >= 500;
	}
}

let client: { key: string; baseUrl: string | undefined; resend: Resend } | undefined;

/** One client per configuration (tests switch the key and base URL between files). */
function resendClient(key: string): Resend {
	const baseUrl = env.resendBaseUrl;
	if (!client || client.key !== key || client.baseUrl !== baseUrl) {
		// The SDK also reads RESEND_BASE_URL itself; passing it keeps env.ts the one reader of configuration.
		client = { key, baseUrl, resend: new Resend(key, baseUrl ? { baseUrl } : undefined) };
	}
	return client.resend;
}

async function sendWithResend(key: string, msg: EmailMessage): Promise<string> {
	const { data, error } = await resendClient(key).emails.send(
		{
			from: env.mailFrom,
			to: [msg.to],
			subject: msg.subject,
			html: msg.html,
			text: msg.text,
			attachments: msg.attachments?.map((a) => ({
				filename: a.filename,
				content: attachmentBytes(a.content),
				contentType: a.contentType
			}))
		},
		msg.idempotencyKey ? { idempotencyKey: msg.idempotencyKey } : undefined
	);
	if (error) {
		const statusCode = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : null;
		throw new MailerError(error.message, { statusCode, code: error.name });
	}
	if (!data?.id) throw new MailerError('Resend returned no message id.', { statusCode: null, code: 'no_id' });
	return data.id;
}

export async function sendEmail(msg: EmailMessage): Promise<SentEmail> {
	const key = env.resendApiKey;
	const sent: SentEmail = key
		? { id: await sendWithResend(key, msg), provider: 'resend' }
		: { id: await storeInOutbox(env.mailFrom, msg), provider: 'outbox' };
	// Ids only: the recipient and the content are personal data.
	logger.info({ emailId: sent.id, provider: sent.provider }, 'email sent');
	return sent;
}
