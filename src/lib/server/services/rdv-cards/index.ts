/** RDV cards (domain/rdv-card.ts): one RDV's for the live push, an organisation's days for the list, agenda and board. */
export { cardFromRdv, loadRdvCard, loadRdvCards, CARD_PROJECTION, type CardRdv } from './card.ts';
export { readDayCards, withCurrentNames } from './read.ts';
