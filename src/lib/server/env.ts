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
	/** The national address API (BAN) used to turn a typed address into a département and coordinates. */
	get geocoderUrl() {
		return (str('GEOCODER_URL') ?? 'https://api-adresse.data.gouv.fr').replace(/\/$/, '');
	},
	/** Requests per minute and client network on the public availability API (/api/v1/public/…). */
	get publicApiRateLimit() {
		const n = Number(str('PUBLIC_API_RATE_LIMIT') ?? 600);
		return Number.isInteger(n) && n > 0 ? n : 600;
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
	/**
	 * FranceConnect (usagers' sign-in): all three set, or the option is hidden. The redirect URI is derived from
	 * ORIGIN (else PUBLIC_URL): `<origin>/usager/franceconnect/callback`, to declare with the provider.
	 */
	get franceConnect() {
		const issuer = str('FRANCECONNECT_ISSUER');
		const clientId = str('FRANCECONNECT_CLIENT_ID');
		const clientSecret = str('FRANCECONNECT_CLIENT_SECRET');
		if (!issuer || !clientId || !clientSecret) return null;
		const origin = (str('ORIGIN') ?? this.publicUrl).replace(/\/$/, '');
		return { issuer, clientId, clientSecret, redirectUri: `${origin}/usager/franceconnect/callback` };
	},
	/** Secure cookies unless served over plain http (local demo). */
	get secureCookies() {
		return this.publicUrl.startsWith('https://');
	}
};
