/**
 * `npm run seed`: creates the demo data (idempotent: existing territories are left alone), in MONGODB_URI or
 * the embedded demo database (see openCliDatabase).
 */
import { describeError, openCliDatabase, say } from './lib.ts';

async function main(): Promise<number> {
	const started = performance.now();
	try {
		const db = await openCliDatabase(say);
		try {
			const { syncAllIndexes } = await import('../lib/server/db/indexes.ts');
			const { seed } = await import('../lib/server/seed/index.ts');
			await syncAllIndexes();
			const report = await seed({ log: say });
			if (report.created.length === 0) say('Nothing to do: the demo data is already there.');
			else say(`Demo accounts use the password printed in the README.`);
		} finally {
			await db.close();
		}
		say(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
		return 0;
	} catch (err) {
		say(describeError(err, 'Seed failed'));
		return 1;
	}
}

// Exit with main's status once everything it opened is closed.
process.exit(await main());
