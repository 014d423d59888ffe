/**
 * What the usager space shows of an RDV (services/usager-space builds it; the pages and components read it):
 * only the usager's own people, the place, the organisation's contacts, and what they may do online.
 */
import type { LocationType, RdvStatus } from './types.ts';
import type { UsagerRdvActions } from './usager-rdv-rules.ts';

/** One of the people whose RDVs the usager sees: themselves, or a relative. */
export interface UsagerSpacePerson {
	id: string;
	name: string;
	self: boolean;
}

export interface UsagerSpaceRdv {
	id: string;
	startsAt: string;
	endsAt: string;
	timeZone: string;
	/** 'mardi 24 novembre 2026' in the territory's zone. */
	dayLabel: string;
	/** '9h30' in the territory's zone. */
	timeLabel: string;
	durationMinutes: number;
	/** Who among the usager's people takes part (never anyone else). */
	people: UsagerSpacePerson[];
	motif: {
		id: string;
		name: string;
		locationType: LocationType;
		locationLabel: string;
		instructionsAfterBooking?: string;
		customCancelWarning?: string;
	};
	lieu?: { id: string; name: string; address: string };
	singleUseAddress?: string;
	organisation: { id: string; name: string; phone?: string; email?: string; website?: string };
	status: RdvStatus;
	statusLabel: string;
	upcoming: boolean;
	collective: boolean;
	actions: UsagerRdvActions;
	/** The revision the usager saw (a move or cancel from this page refuses a newer change it did not see). */
	version: number;
}

export interface UsagerRdvLists {
	people: UsagerSpacePerson[];
	upcoming: UsagerSpaceRdv[];
	past: UsagerSpaceRdv[];
}
