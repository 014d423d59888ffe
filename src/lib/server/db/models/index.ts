/** Loads every model so that mongoose knows them all (indexes, seed, tests). */
export * from './agent.ts';
export * from './territory.ts';
export * from './organisation.ts';
export * from './service.ts';
export * from './usager.ts';
export * from './motif.ts';
export * from './lieu.ts';
export * from './plage-ouverture.ts';
export * from './absence.ts';
export * from './rdv.ts';
export * from './rdv-claim.ts';
export * from './rdv-revision.ts';
export * from './api-token.ts';
export * from './session.ts';
export * from './password-reset-token.ts';
export * from './rate-limit.ts';
export * from './outbox-email.ts';
