import { describe, expect, it } from 'vitest';
import { busyCardOf, type RdvCard } from './domain/rdv-card';
import {
	backgroundFeedEvent,
	busyFeedEvent,
	detailsText,
	feedRdvOfCard,
	liveFeedEvent,
	eventsOfAgent,
	rdvFeedEvent,
	rdvPlace,
	seatsText,
	type FeedRdv
} from './agenda-feed';

const rdv: FeedRdv = {
	id: 'r1',
	organisationId: 'o1',
	startsAt: '2026-11-24T08:30:00.000Z',
	endsAt: '2026-11-24T09:00:00.000Z',
	durationMinutes: 30,
	status: 'unknown',
	motif: { name: 'Consultation PMI', color: '#ffcc00', locationType: 'public_office' },
	participants: [{ firstName: 'Jeanne', lastName: 'Dupont' }],
	agents: [{ id: 'a1', firstName: 'Sophie', lastName: 'Delattre' }],
	lieu: { name: 'MDS Arras – Centre' },
	collective: false,
	participantCount: 1,
	version: 4
};

describe('rdvFeedEvent', () => {
	it('carries what a move needs and what the tooltip says', () => {
		const event = rdvFeedEvent(rdv, { editable: true, statusLabel: 'À venir', time: '09:30 – 10:00' });
		expect(event).toMatchObject({
			id: 'r1',
			title: 'Consultation PMI · Jeanne Dupont',
			url: '/agents/org/o1/rdvs/r1',
			editable: true,
			color: '#ffcc00',
			contrastColor: '#000000',
			extendedProps: {
				kind: 'rdv',
				agentIds: ['a1'],
				version: 4,
				durationMinutes: 30,
				details: {
					time: '09:30 – 10:00',
					motif: 'Consultation PMI',
					usagers: 'Jeanne Dupont',
					lieu: 'MDS Arras – Centre',
					status: 'À venir',
					agents: 'Sophie Delattre'
				}
			}
		});
		expect(event.className).toContain('rdv-status-unknown');
	});

	it('shows a collective session’s filled and maximum seats', () => {
		const session = { ...rdv, collective: true, collectiveTitle: 'Atelier', participantCount: 3, maxParticipants: 10 };
		const event = rdvFeedEvent(session, { editable: false, statusLabel: 'À venir', time: '' });
		expect(event.title).toBe('Consultation PMI · Atelier (3 / 10 places)');
		expect(event.extendedProps.details?.seats).toBe('3 / 10 places');
		expect(event.className).toContain('rdv-collective');
	});
});

describe('busyFeedEvent', () => {
	it('keeps only the time: no motif, no names, no link, not editable', () => {
		const event = busyFeedEvent(rdv);
		expect(event).toMatchObject({
			title: 'Occupé',
			editable: false,
			extendedProps: { kind: 'busy', agentIds: ['a1'] }
		});
		expect(event.url).toBeUndefined();
		expect(JSON.stringify(event)).not.toMatch(/Dupont|PMI/);
	});
});

describe('backgroundFeedEvent', () => {
	it('draws own plages in blue, another organisation’s and what closes the agenda in hatched grey', () => {
		const block = { id: 'p', agentIds: ['a1'], title: 'Matin', start: rdv.startsAt, end: rdv.endsAt };
		const own = backgroundFeedEvent({ ...block, kind: 'plage' });
		expect(own).toMatchObject({ display: 'background', color: '#e3e3fd' });
		expect(own.className).toContain('agenda-open');
		const foreign = backgroundFeedEvent({ ...block, kind: 'plage', foreign: true });
		expect(foreign.className).toContain('agenda-closed');
		expect(foreign.className).toContain('agenda-foreign');
		for (const kind of ['absence', 'holiday'] as const)
			expect(backgroundFeedEvent({ ...block, kind }).className).toContain('agenda-closed');
	});
});

describe('helpers', () => {
	it('words the place, the seats and the description', () => {
		expect(rdvPlace(rdv)).toBe('MDS Arras – Centre');
		expect(rdvPlace({ ...rdv, lieu: undefined, singleUseAddress: '3 rue Haute' })).toBe('3 rue Haute');
		expect(rdvPlace({ ...rdv, lieu: undefined, motif: { ...rdv.motif, locationType: 'phone' } })).toBe('Par téléphone');
		expect(seatsText({ participantCount: 1 })).toBe('1 participant');
		expect(seatsText({ participantCount: 2, maxParticipants: 2 })).toBe('2 / 2 places');
		const event = rdvFeedEvent(rdv, { editable: true, statusLabel: 'Honoré', time: '09:30 – 10:00' });
		expect(detailsText(event.extendedProps.details!)).toBe(
			'09:30 – 10:00 · Consultation PMI · Jeanne Dupont · MDS Arras – Centre · statut : Honoré · agents : Sophie Delattre'
		);
	});

	it('gives each agent’s column its own events, and a holiday to every column', () => {
		const events = [
			{ id: '1', extendedProps: { agentIds: ['a1'] } },
			{ id: '2', extendedProps: { agentIds: ['a1', 'a2'] } },
			{ id: '3', extendedProps: { agentIds: ['a2'] } }
		];
		expect(eventsOfAgent(events, 'a2').map((e) => e.id)).toEqual(['2', '3']);
	});
});

/** The same RDV as `rdv`, as the live planning pushes it. */
const card: RdvCard = {
	id: 'r1',
	organisationId: 'o1',
	version: 4,
	startsAt: rdv.startsAt,
	endsAt: rdv.endsAt,
	durationMinutes: 30,
	timeZone: 'Europe/Paris',
	days: ['2026-11-24'],
	status: 'unknown',
	motif: { id: 'm1', name: 'Consultation PMI', color: '#ffcc00', serviceId: 's1', locationType: 'public_office' },
	lieu: { id: 'l1', name: 'MDS Arras – Centre' },
	agents: [{ id: 'a1', firstName: 'Sophie', lastName: 'Delattre' }],
	participants: [{ usagerId: 'u1', firstName: 'Jeanne', lastName: 'Dupont', status: 'unknown' }],
	collective: false,
	updatedAt: '2026-11-20T10:00:00.000Z'
};

describe('events of pushed RDVs', () => {
	const before = new Date('2026-11-23T12:00:00Z');

	it('a card gives the event the feed sends for the same RDV, with who changed it', () => {
		expect(feedRdvOfCard(card)).toEqual(rdv);
		const live = liveFeedEvent(
			{ kind: 'full', card },
			{ now: before, changedBy: 'Modifié par Sophie Delattre à 11:00' }
		);
		const fed = rdvFeedEvent(rdv, { editable: true, statusLabel: 'À venir', time: '09:30 – 10:00' });
		expect(live).toEqual({
			...fed,
			extendedProps: {
				...fed.extendedProps,
				details: { ...fed.extendedProps.details, changedBy: 'Modifié par Sophie Delattre à 11:00' }
			}
		});
		expect(detailsText(live.extendedProps.details!)).toMatch(
			/agents : Sophie Delattre · Modifié par Sophie Delattre à 11:00$/
		);
	});

	it('a collective session keeps its title and seats; a cancelled RDV cannot be dragged', () => {
		const session = { ...card, collective: true, title: 'Atelier', maxParticipants: 10 };
		expect(feedRdvOfCard(session)).toMatchObject({
			collectiveTitle: 'Atelier',
			participantCount: 1,
			maxParticipants: 10
		});
		const cancelled = liveFeedEvent({ kind: 'full', card: { ...card, status: 'revoked' } }, { now: before });
		expect(cancelled.editable).toBe(false);
		expect(cancelled.extendedProps.details?.changedBy).toBeUndefined();
	});

	it('busy time stays nameless', () => {
		const event = liveFeedEvent({ kind: 'busy', busy: busyCardOf(card) }, { now: before, changedBy: 'x' });
		expect(event).toEqual(busyFeedEvent(rdv));
		expect(JSON.stringify(event)).not.toMatch(/Dupont|PMI|Delattre/);
	});
});
