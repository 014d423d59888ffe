/**
 * The one place that reads configuration. Plain Node runs server modules directly (server entry, scripts),
 * so this reads process.env rather than `$env/dynamic/private`.
 */
function str(name: string): string | undefined {
	const v = process.env[name];
	return v === undefined || v === '' ? undefined : v;
}

export const env = {
	get nodeEnv() {
		return str('NODE_ENV') ?? 'development';
	},
	get isProduction() {
		return this.nodeEnv === 'production' && str('GUICHET_DEMO') !== '1';
	},
	/** MongoDB connection string; unset means the embedded FerretDB + PostgreSQL default. */
	get mongodbUri() {
		return str('MONGODB_URI');
	},
	/** Set by the embedded launcher's callers: PostgreSQL behind FerretDB (for its expression indexes). */
	get embeddedPostgresUrl() {
		return str('GUICHET_EMBEDDED_PG_URL');
	},
	get mongodbDbName() {
		return str('MONGODB_DB') ?? 'guichet';
	},
	get redisUrl() {
		return str('REDIS_URL');
	},
	get resendApiKey() {
		return str('RESEND_API_KEY');
	},
	/** Points the Resend SDK at another base URL (tests run a local fake Resend server). */
	get resendBaseUrl() {
		return str('RESEND_BASE_URL');
	},
	get mailFrom() {
		return str('MAIL_FROM') ?? 'Guichet <ne-pas-repondre@guichet.localhost>';
	},
	/** Public base URL used in emails and links. */
	get publicUrl() {
		return (str('PUBLIC_URL') ?? `http://localhost:${str('PORT') ?? '3000'}`).replace(/\/$/, '');
	},
	/** Agenda worker on this node: `JOBS=off` turns it off. */
	get jobsEnabled() {
		return str('JOBS') !== 'off';
	},
	/** The dev outbox page (/dev/emails) is on in development and the demo, off in production. */
	get devOutboxEnabled() {
		return !this.isProduction || str('GUICHET_DEMO') === '1';
	},
	get logLevel() {
		return str('LOG_LEVEL') ?? (this.nodeEnv === 'test' ? 'silent' : 'info');
	},
	/** Secure cookies unless served over plain http (local demo). */
	get secureCookies() {
		return this.publicUrl.startsWith('https://');
	}
};
