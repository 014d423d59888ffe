/**
 * The short French summaries stored on each revision (the RDV page's history). They never name an usager: the
 * history outlives the participants' records, and the page shows their current statuses beside it.
 */
import { frenchNumericDay } from '../../../domain/french-date.ts';
import { localDay, localTime } from '../../../domain/local-time.ts';
import { RDV_STATUS_LABELS } from '../../../domain/rdv-status.ts';
import type { RdvStatus } from '../../../domain/types.ts';

/** `unknown` is stored as « À venir »: what it means when the change is made, whatever the page says later. */
const statusName = (status: RdvStatus) => (status === 'unknown' ? 'À venir / à renseigner' : RDV_STATUS_LABELS[status]);

export const statusSummary = (status: RdvStatus) => `Statut : ${statusName(status)}`;

export const participantStatusSummary = (status: RdvStatus) => `Statut d’un participant : ${statusName(status)}`;

export function moveSummary(startsAt: Date, timeZone: string, agentsChanged: boolean): string {
	const when = `Déplacé au ${frenchNumericDay(localDay(startsAt, timeZone))} à ${localTime(startsAt, timeZone)}`;
	return agentsChanged ? `${when}, agents modifiés` : when;
}

export const participantsAddedSummary = (count: number) =>
	count === 1 ? 'Un participant ajouté' : `${count} participants ajoutés`;

export const participantRemovedSummary = () => 'Un participant retiré';

export const participantNotificationsSummary = () => 'Notifications d’un participant modifiées';

export const DELETE_SUMMARY = 'RDV supprimé';

/** What an edit changed, field by field (« Déplacé au 17/11/2026 à 10:00 ; durée : 45 min ; note modifiée »). */
export function editSummary(
	changes: { startsAt?: Date; durationMinutes?: number; agents?: boolean; place?: boolean; context?: boolean },
	timeZone: string
): string {
	const parts: string[] = [];
	if (changes.startsAt) parts.push(moveSummary(changes.startsAt, timeZone, false));
	if (changes.durationMinutes) parts.push(`durée : ${changes.durationMinutes} min`);
	if (changes.agents) parts.push('agents modifiés');
	if (changes.place) parts.push('lieu modifié');
	if (changes.context) parts.push('note de contexte modifiée');
	const text = parts.join(' ; ') || 'Aucun changement';
	return text.charAt(0).toUpperCase() + text.slice(1);
}
