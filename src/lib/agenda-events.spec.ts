import { describe, expect, it } from 'vitest';
import {
	agendaEventTitle,
	contrastTextColor,
	DEFAULT_EVENT_COLOR,
	eventColor,
	toAgendaEvent,
	toBusyEvent,
	type AgendaRdvInput
} from './agenda-events';
import { RDV_STATUS_LABELS } from './domain/rdv-status';

const rdv: AgendaRdvInput = {
	id: 'r1',
	organisationId: 'o1',
	startsAt: '2026-03-02T09:00:00.000Z',
	endsAt: '2026-03-02T09:30:00.000Z',
	status: 'unknown',
	motif: { name: 'Consultation PMI', color: '#ffcc00' },
	participants: [
		{ firstName: 'Jeanne', lastName: 'Dupont' },
		{ firstName: 'Léo', lastName: 'Dupont' }
	]
};

describe('agendaEventTitle', () => {
	it('names the motif and the participants', () => {
		expect(agendaEventTitle(rdv)).toBe('Consultation PMI · Jeanne Dupont, Léo Dupont');
	});

	it('uses the title of a collective RDV', () => {
		expect(agendaEventTitle({ ...rdv, collectiveTitle: 'Atelier parentalité' })).toBe(
			'Consultation PMI · Atelier parentalité'
		);
	});

	it('says in words when the RDV does not take place', () => {
		expect(agendaEventTitle({ ...rdv, status: 'revoked' })).toMatch(/\(annulé par le service\)$/);
		expect(agendaEventTitle({ ...rdv, status: 'excused' })).toMatch(/\(annulé par l’usager\)$/);
		expect(agendaEventTitle({ ...rdv, status: 'noshow' })).toMatch(/\(absent non excusé\)$/);
		// The same words as the RDV page.
		for (const status of ['excused', 'revoked', 'noshow'] as const)
			expect(agendaEventTitle({ ...rdv, status })).toMatch(`(${RDV_STATUS_LABELS[status].toLowerCase()})`);
		expect(agendaEventTitle({ ...rdv, status: 'seen' })).not.toMatch(/\(/);
	});

	it('works without participants', () => {
		expect(agendaEventTitle({ ...rdv, participants: [] })).toBe('Consultation PMI');
	});
});

describe('contrastTextColor', () => {
	it('puts dark text on light colours and light text on dark ones', () => {
		expect(contrastTextColor('#ffcc00')).toBe('#000000');
		expect(contrastTextColor('#ffffff')).toBe('#000000');
		expect(contrastTextColor('#000091')).toBe('#ffffff');
		expect(contrastTextColor('#000000')).toBe('#ffffff');
	});
});

describe('eventColor', () => {
	it('keeps a #rrggbb colour and falls back to the default blue otherwise', () => {
		expect(eventColor('#FFcc00')).toBe('#FFcc00');
		expect(eventColor('#fc0')).toBe(DEFAULT_EVENT_COLOR);
		expect(eventColor('red')).toBe(DEFAULT_EVENT_COLOR);
		expect(eventColor(undefined)).toBe(DEFAULT_EVENT_COLOR);
	});
});

describe('toAgendaEvent', () => {
	it('maps times, colour and status class', () => {
		expect(toAgendaEvent({ ...rdv, status: 'excused' })).toEqual({
			id: 'r1',
			title: 'Consultation PMI · Jeanne Dupont, Léo Dupont (annulé par l’usager)',
			start: '2026-03-02T09:00:00.000Z',
			end: '2026-03-02T09:30:00.000Z',
			color: '#ffcc00',
			contrastColor: '#000000',
			className: 'rdv-event rdv-status-excused',
			url: '/agents/org/o1/rdvs/r1',
			extendedProps: { status: 'excused' }
		});
	});

	it('never passes an arbitrary string on as a colour', () => {
		const event = toAgendaEvent({ ...rdv, motif: { name: 'X', color: 'red;background:url(x)' } });
		expect(event.color).toBe(DEFAULT_EVENT_COLOR);
		expect(event.contrastColor).toBe('#ffffff');
	});
});

describe('toBusyEvent', () => {
	it('shows the time only, without motif or names', () => {
		const event = toBusyEvent(rdv);
		expect(event).toMatchObject({ id: 'r1', title: 'Occupé', start: rdv.startsAt, end: rdv.endsAt });
		expect(JSON.stringify(event)).not.toMatch(/Dupont|PMI/);
		// No link: its page would refuse the viewer.
		expect(event?.url).toBeUndefined();
	});

	it('leaves out cancelled RDVs, which free the time', () => {
		expect(toBusyEvent({ ...rdv, status: 'revoked' })).toBeNull();
		expect(toBusyEvent({ ...rdv, status: 'excused' })).toBeNull();
		expect(toBusyEvent({ ...rdv, status: 'noshow' })).not.toBeNull();
	});
});
