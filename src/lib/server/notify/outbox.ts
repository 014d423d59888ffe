/** The development outbox: storing (for the mailer) and reading (for /dev/emails and tests). */
import { OutboxEmail } from '../db/models/outbox-email.ts';
import { attachmentBytes, type EmailMessage } from './message.ts';

const isDuplicateKey = (err: unknown) => (err as { code?: number } | null)?.code === 11000;

export async function storeInOutbox(from: string, msg: EmailMessage): Promise<string> {
	if (msg.idempotencyKey) {
		const existing = await OutboxEmail.findOne({ idempotencyKey: msg.idempotencyKey }, { _id: 1 }).lean();
		if (existing) return String(existing._id);
	}
	try {
		const doc = await OutboxEmail.create({
			from,
			to: msg.to,
			subject: msg.subject,
			html: msg.html,
			text: msg.text,
			// Left unset, never null, when absent: the index is unique only among messages that have one.
			...(msg.idempotencyKey ? { idempotencyKey: msg.idempotencyKey } : {}),
			attachments: (msg.attachments ?? []).map((a) => {
				const bytes = attachmentBytes(a.content);
				return {
					filename: a.filename,
					contentType: a.contentType,
					contentBase64: bytes.toString('base64'),
					size: bytes.length
				};
			})
		});
		return String(doc._id);
	} catch (err) {
		// A concurrent retry with the same key won the insert: answer with its message, as Resend would.
		if (msg.idempotencyKey && isDuplicateKey(err)) {
			const existing = await OutboxEmail.findOne({ idempotencyKey: msg.idempotencyKey }, { _id: 1 }).lean();
			if (existing) return String(existing._id);
		}
		throw err;
	}
}

export interface OutboxEmailSummary {
	id: string;
	to: string;
	subject: string;
	createdAt: string;
	attachmentCount: number;
}

export interface OutboxEmailDetail extends OutboxEmailSummary {
	from: string;
	html: string;
	text: string;
	attachments: { filename: string; contentType?: string; size: number }[];
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/**
 * Latest messages first. A development tool on a small collection, so this one query may scan; `to` narrows
 * it by equality when given (tests and the page's filter).
 */
export async function listOutboxEmails(opts: { to?: string; limit?: number } = {}): Promise<OutboxEmailSummary[]> {
	const filter = opts.to ? { to: opts.to.trim().toLowerCase() } : {};
	const docs = await OutboxEmail.find(filter, { html: 0, text: 0 })
		.sort({ createdAt: -1, _id: -1 })
		.limit(opts.limit ?? 100)
		.lean();
	return docs.map((d) => ({
		id: String(d._id),
		to: d.to,
		subject: d.subject,
		createdAt: (d.createdAt as Date).toISOString(),
		attachmentCount: d.attachments.length
	}));
}

export async function getOutboxEmail(id: string): Promise<OutboxEmailDetail | null> {
	if (!OBJECT_ID.test(id)) return null;
	const d = await OutboxEmail.findById(id).lean();
	if (!d) return null;
	return {
		id: String(d._id),
		from: d.from,
		to: d.to,
		subject: d.subject,
		createdAt: (d.createdAt as Date).toISOString(),
		html: d.html,
		text: d.text,
		attachmentCount: d.attachments.length,
		attachments: d.attachments.map((a) => ({
			filename: a.filename,
			contentType: a.contentType ?? undefined,
			size: a.size
		}))
	};
}

export async function getOutboxAttachment(
	id: string,
	index: number
): Promise<{ filename: string; contentType: string; content: Buffer } | null> {
	if (!OBJECT_ID.test(id) || !Number.isInteger(index) || index < 0) return null;
	const d = await OutboxEmail.findById(id, { attachments: 1 }).lean();
	const a = d?.attachments[index];
	if (!a) return null;
	return {
		filename: a.filename,
		contentType: a.contentType ?? 'application/octet-stream',
		content: Buffer.from(a.contentBase64, 'base64')
	};
}
