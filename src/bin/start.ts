/**
 * `npm start`: build when needed, then run the production server on the embedded database (unless MONGODB_URI
 * is set), seeding the demo data into an empty database.
 */
import { ensureBuild } from './lib.ts';

await ensureBuild();
process.env.NODE_ENV ??= 'production';
process.env.GUICHET_DEMO ??= '1';
process.env.GUICHET_SEED ??= 'if-empty';
await import('../server.ts');
