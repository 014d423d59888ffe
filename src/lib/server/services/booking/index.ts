/**
 * The one booking service: every path that creates, moves, cancels an RDV or changes its status (pages, API,
 * online booking, drag-and-drop) goes through here.
 *
 * Order of a booking: validate → permissions → the rules (domain/booking-rules.ts) on the engine's input and the
 * usagers' own RDVs around the booked time →
 * claim the agents' time (services/claims.ts: unique-index claims, the only guarantee against double booking
 * under concurrency, since FerretDB has no transactions) → save the RDV → publish. The RDV id is chosen before
 * claiming, and the claims are given back when the save fails, so nothing is left half-written.
 *
 * One file per use case (book, move, edit, participants, cancel, status, delete, details for the RDV page), their
 * shared checks, the rescheduling core of move and edit, input schemas, results and the revision save; this index
 * is the public API.
 */
export { bookRdv } from './book.ts';
export { cancelRdv, type CancelStatus } from './cancel.ts';
export { deleteRdv, DELETE_FORBIDDEN_MESSAGE } from './delete.ts';
export { getRdvDetails, type RdvDetails, type RdvDetailsResult, type RdvHistoryEntry } from './details.ts';
export { getRdv, toRdvDto } from './dto.ts';
export { editRdv } from './edit.ts';
export {
	AddParticipantsInputSchema,
	BookRdvInputSchema,
	EditRdvInputSchema,
	MoveRdvInputSchema,
	UpdateParticipantInputSchema,
	type AddParticipantsInput,
	type BookRdvInput,
	type EditRdvInput,
	type MoveRdvInput,
	type UpdateParticipantInput
} from './input.ts';
export { moveRdv } from './move.ts';
export {
	addRdvParticipants,
	removeRdvParticipant,
	SESSION_FULL_MESSAGE,
	takenSeats,
	updateRdvParticipant
} from './participants.ts';
export { changeRdvStatus, ChangeRdvStatusInputSchema, type ChangeRdvStatusInput } from './status.ts';
export type {
	BookingActorInput,
	BookingFailure,
	BookingFailureCode,
	BookingResult,
	ChangedBy,
	PrescripteurIdentity
} from './result.ts';
