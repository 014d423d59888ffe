/**
 * French emails with one layout: an HTML version with inline styles (mail clients ignore style sheets) and a
 * plain-text version with the same content. Everything passed in is plain text and escaped here, so a name or
 * an instruction typed by an agent can never inject markup.
 */
export interface EmailBody {
	title: string;
	/** Plain text; a newline becomes a line break. */
	paragraphs: string[];
	/** Facts shown as a two-column list (date, lieu…). */
	details?: { label: string; value: string }[];
	/** The one button of the message. */
	action?: { label: string; url: string };
	/** Small print under the button (why you got this email, what to do if it was not you). */
	footnote?: string;
}

export interface RenderedEmail {
	html: string;
	text: string;
}

export interface EmailContent extends RenderedEmail {
	subject: string;
}

const BLUE = '#000091';
const GREY = '#3a3a3a';
const FONT = 'Marianne, Arial, Helvetica, sans-serif';

export function escapeHtml(s: string): string {
	return s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

const paragraphHtml = (p: string) =>
	`<p style="margin:0 0 16px;font-size:16px;line-height:24px;color:${GREY};">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`;

function detailsHtml(details: NonNullable<EmailBody['details']>): string {
	const rows = details
		.map(
			(d) =>
				`<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-size:14px;color:#666666;font-weight:normal;">${escapeHtml(d.label)}</th>` +
				`<td style="padding:4px 0;font-size:16px;color:${GREY};font-weight:bold;">${escapeHtml(d.value)}</td></tr>`
		)
		.join('');
	return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px;border-collapse:collapse;">${rows}</table>`;
}

function actionHtml(action: NonNullable<EmailBody['action']>): string {
	return (
		`<p style="margin:24px 0;"><a href="${escapeHtml(action.url)}" style="display:inline-block;background:${BLUE};color:#ffffff;text-decoration:none;font-size:16px;padding:10px 20px;">${escapeHtml(action.label)}</a></p>` +
		`<p style="margin:0 0 16px;font-size:13px;line-height:20px;color:#666666;">Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :<br><a href="${escapeHtml(action.url)}" style="color:${BLUE};word-break:break-all;">${escapeHtml(action.url)}</a></p>`
	);
}

export function renderEmail(body: EmailBody): RenderedEmail {
	const html = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(body.title)}</title></head>
<body style="margin:0;padding:0;background:#f6f6f6;font-family:${FONT};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f6f6;"><tr><td align="center" style="padding:24px 8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-top:4px solid ${BLUE};">
<tr><td style="padding:24px 32px 8px;font-size:20px;font-weight:bold;color:${BLUE};">Guichet</td></tr>
<tr><td style="padding:8px 32px 24px;">
<h1 style="margin:0 0 16px;font-size:24px;line-height:32px;color:#161616;">${escapeHtml(body.title)}</h1>
${body.paragraphs.map(paragraphHtml).join('\n')}
${body.details?.length ? detailsHtml(body.details) : ''}
${body.action ? actionHtml(body.action) : ''}
${body.footnote ? `<p style="margin:16px 0 0;font-size:13px;line-height:20px;color:#666666;">${escapeHtml(body.footnote)}</p>` : ''}
</td></tr>
<tr><td style="padding:16px 32px;border-top:1px solid #dddddd;font-size:12px;line-height:18px;color:#666666;">Message envoyé automatiquement par Guichet, merci de ne pas y répondre.</td></tr>
</table>
</td></tr></table>
</body>
</html>`;

	const text = [
		body.title,
		'='.repeat(Math.min(body.title.length, 72)),
		'',
		...body.paragraphs.flatMap((p) => [p, '']),
		...(body.details?.length ? [...body.details.map((d) => `${d.label} : ${d.value}`), ''] : []),
		...(body.action ? [`${body.action.label} : ${body.action.url}`, ''] : []),
		...(body.footnote ? [body.footnote, ''] : []),
		'--',
		'Message envoyé automatiquement par Guichet, merci de ne pas y répondre.'
	].join('\n');

	return { html, text };
}

/** « 1 heure », « 2 heures », « 30 minutes ». */
export function formatDuration(minutes: number): string {
	if (minutes % 60 === 0) return `${minutes / 60} heure${minutes >= 120 ? 's' : ''}`;
	return `${minutes} minute${minutes > 1 ? 's' : ''}`;
}

export function passwordResetEmail(input: { url: string; validMinutes: number }): EmailContent {
	return {
		subject: 'Réinitialisation de votre mot de passe Guichet',
		...renderEmail({
			title: 'Réinitialisez votre mot de passe',
			paragraphs: [
				'Vous avez demandé à réinitialiser le mot de passe de votre compte agent Guichet.',
				`Ce lien est valable ${formatDuration(input.validMinutes)} et ne peut servir qu’une fois.`
			],
			action: { label: 'Choisir un nouveau mot de passe', url: input.url },
			footnote:
				'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.'
		})
	};
}

/** The usager's sign-in code; in the subject too, so a phone's notification shows it without opening the mail. */
export function loginCodeEmail(input: { code: string; validMinutes: number }): EmailContent {
	return {
		subject: `Votre code de connexion Guichet : ${input.code}`,
		...renderEmail({
			title: 'Votre code de connexion',
			paragraphs: [
				'Saisissez ce code sur Guichet pour vous connecter et prendre ou gérer vos rendez-vous :',
				input.code,
				`Ce code est valable ${formatDuration(input.validMinutes)} et ne peut servir qu’une fois.`
			],
			footnote:
				'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : personne ne peut se connecter sans ce code.'
		})
	};
}
