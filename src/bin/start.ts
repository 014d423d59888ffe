/**
 * `npm start`: build when needed, then run the production server on the embedded database (unless MONGODB_URI
 * is set), seeding the demo data into an empty database.
 */
import { ensureBuild } from './lib.ts';

await ensureBuild();
process.env.NODE_ENV ??= 'production';
process.env.GUICHET_DEMO ??= '1';
process.env.GUICHET_SEED ??= 'if-empty';
// The demo is for the person at this machine (its outbox holds every reset link): loopback unless HOST says
// otherwise. `npm run serve` (production) keeps listening on every interface.
process.env.HOST ??= '127.0.0.1';
await import('../server.ts');
