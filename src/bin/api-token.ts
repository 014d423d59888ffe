/**
 * `npm run api-token -- <email> [name] [--days N]`: creates an API token for that agent and prints it (once) on
 * stdout, so scripts can capture it: `TOKEN=$(npm run -s api-token -- agent@demo.guichet.fr)`. Messages go to
 * stderr, the expiry among them. Every token expires: after 90 days unless `--days` says otherwise (1 to 365).
 *
 * Database: MONGODB_URI when set. Otherwise the embedded demo database: the one a running `npm start` published
 * in its runtime.json, or one started here for the duration of the command when no server is running.
 */
import { describeError, openCliDatabase } from './lib.ts';

const say = (m: string) => console.error(`[guichet] ${m}`);
const USAGE = 'Usage: npm run api-token -- <agent email> [token name] [--days N]  (N from 1 to 365, default 90)';

/** The email, the name's words and `--days N` / `--days=N` (anywhere after the email); null when malformed. */
function parseArgs(argv: string[]): { email: string; nameParts: string[]; days: number | undefined } | null {
	const args = argv.filter((a) => a !== '--');
	const positional: string[] = [];
	let days: number | undefined;
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		const inline = /^--days=(.*)$/.exec(arg);
		if (arg === '--days' || inline) {
			const value = inline ? inline[1] : args[++i];
			if (value === undefined || !/^\d+$/.test(value)) return null;
			days = Number(value);
		} else if (arg.startsWith('-')) {
			return null;
		} else {
			positional.push(arg);
		}
	}
	const [email, ...nameParts] = positional;
	return email ? { email, nameParts, days } : null;
}

async function main(): Promise<number> {
	const args = parseArgs(process.argv.slice(2));
	if (!args) {
		say(USAGE);
		return 2;
	}
	const { email, nameParts, days } = args;
	try {
		const { createApiToken, apiTokenExpiry, DEFAULT_API_TOKEN_LIFETIME_DAYS } =
			await import('../lib/server/auth/api-token.ts');
		const lifetimeDays = days ?? DEFAULT_API_TOKEN_LIFETIME_DAYS;
		// Checked before opening the database: a bad option is a usage error, whatever the email.
		if (!apiTokenExpiry({ lifetimeDays }, new Date())) {
			say(`--days must be a whole number of days from 1 to 365 (got ${days}).`);
			say(USAGE);
			return 2;
		}
		const db = await openCliDatabase(say);
		const { Agent } = await import('../lib/server/db/models/agent.ts');
		try {
			const agent = await Agent.findOne({ email: email.trim().toLowerCase() }).lean();
			if (!agent || agent.deletedAt) {
				say(`No agent with the email ${email}.`);
				return 1;
			}
			const name = nameParts.join(' ').trim() || `Ligne de commande ${new Date().toISOString().slice(0, 10)}`;
			const { token, summary } = await createApiToken(String(agent._id), name, { lifetimeDays });
			const expires = summary.expiresAt.toISOString().replace('T', ' ').slice(0, 16);
			say(
				`Token "${name}" created for ${email}, valid ${lifetimeDays} days: it expires on ${expires} UTC. ` +
					'It is shown only now; revoke it in "Mon compte".'
			);
			console.log(token);
			return 0;
		} finally {
			await db.close();
		}
	} catch (err) {
		say(describeError(err, 'Failed'));
		return 1;
	}
}

// Exit with main's status once everything it opened is closed.
process.exit(await main());
