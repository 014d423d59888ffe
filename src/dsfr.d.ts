// The DSFR ships its JavaScript without type declarations; it is loaded for its side effects only.
declare module '@gouvfr/dsfr/dist/dsfr.module.min.js';
