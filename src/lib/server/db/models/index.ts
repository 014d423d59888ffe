/** Loads every model so that mongoose knows them all (indexes, seed, tests). */
export * from './agent.ts';
