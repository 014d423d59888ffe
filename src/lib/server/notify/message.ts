/** What the mailer sends, shared by its two destinations (Resend and the development outbox). */
export interface EmailAttachment {
	filename: string;
	/** A string is sent as UTF-8 text (an .ics), a Buffer as is. */
	content: string | Buffer;
	contentType?: string;
}

export interface EmailMessage {
	to: string;
	subject: string;
	html: string;
	text: string;
	/** Same key, same message: a retried send never delivers twice. */
	idempotencyKey?: string;
	attachments?: EmailAttachment[];
}

export const attachmentBytes = (content: string | Buffer): Buffer =>
	typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
