import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { rdvIcs, rdvIcsSummary, rdvIcsUid } from './ics.ts';

/** Parsed by ical.js, an independent implementation: what a calendar client would read. */
function parse(ics: string) {
	const calendar = new ICAL.Component(ICAL.parse(ics));
	const vtimezone = calendar.getFirstSubcomponent('vtimezone');
	if (vtimezone) ICAL.TimezoneService.register(vtimezone);
	const vevent = calendar.getFirstSubcomponent('vevent');
	if (!vevent) throw new Error('no VEVENT');
	return { calendar, vtimezone, vevent, event: new ICAL.Event(vevent) };
}

const base = {
	uid: rdvIcsUid('65f0c0ffee0000000000abcd', 'guichet.example.fr'),
	sequence: 3,
	method: 'PUBLISH' as const,
	// 10:30 in Paris on a summer day (UTC+2), and 14:00 in Cayenne (UTC-3) below.
	startsAt: new Date('2027-06-15T08:30:00Z'),
	endsAt: new Date('2027-06-15T09:00:00Z'),
	timeZone: 'Europe/Paris',
	summary: 'Rendez-vous : Consultation PMI',
	location: 'MDS Arras centre, 1 rue du Centre, 62000 Arras',
	description: 'Apportez le carnet de santé.',
	url: 'https://guichet.example.fr/mon-espace',
	stamp: new Date('2027-06-01T00:00:00Z')
};

describe('rdvIcs', () => {
	it('writes the local wall-clock time in the territory zone, with its VTIMEZONE, at the same instants', () => {
		const { vtimezone, vevent, event } = parse(rdvIcs(base));
		expect(vtimezone?.getFirstPropertyValue('tzid')).toBe('Europe/Paris');
		const dtstart = vevent.getFirstProperty('dtstart');
		expect(dtstart?.getParameter('tzid')).toBe('Europe/Paris');
		expect(event.startDate.toString()).toBe('2027-06-15T10:30:00');
		expect(event.startDate.toJSDate().toISOString()).toBe(base.startsAt.toISOString());
		expect(event.endDate.toJSDate().toISOString()).toBe(base.endsAt.toISOString());
	});

	it('keeps one UID per RDV, the sequence, the summary, the place, the notes and the link', () => {
		const { calendar, vevent, event } = parse(rdvIcs(base));
		expect(event.uid).toBe('rdv-65f0c0ffee0000000000abcd@guichet.example.fr');
		expect(event.sequence).toBe(3);
		expect(event.summary).toBe('Rendez-vous : Consultation PMI');
		expect(event.location).toBe(base.location);
		expect(event.description).toBe(base.description);
		expect(vevent.getFirstPropertyValue('url')).toBe(base.url);
		expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
		expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
		expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
	});

	it('cancels with the same UID and a higher sequence', () => {
		const { calendar, vevent, event } = parse(rdvIcs({ ...base, method: 'CANCEL', sequence: 4 }));
		expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
		expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(event.uid).toBe(base.uid);
		expect(event.sequence).toBe(4);
	});

	it('uses the zone of overseas territories too', () => {
		const startsAt = new Date('2027-06-15T17:00:00Z');
		const { vtimezone, event } = parse(
			rdvIcs({ ...base, timeZone: 'America/Cayenne', startsAt, endsAt: new Date('2027-06-15T17:30:00Z') })
		);
		expect(vtimezone?.getFirstPropertyValue('tzid')).toBe('America/Cayenne');
		expect(event.startDate.toString()).toBe('2027-06-15T14:00:00');
		expect(event.startDate.toJSDate().toISOString()).toBe(startsAt.toISOString());
	});

	it('names an organizer and leaves optional fields out when not given', () => {
		const ics = rdvIcs({
			...base,
			method: 'REQUEST',
			location: undefined,
			description: undefined,
			url: undefined,
			organizer: { name: 'MDS Arras', email: 'contact@mds-arras.example.fr' }
		});
		const { vevent } = parse(ics);
		expect(String(vevent.getFirstPropertyValue('organizer'))).toBe('mailto:contact@mds-arras.example.fr');
		expect(vevent.getFirstProperty('location')).toBeNull();
		expect(vevent.getFirstProperty('description')).toBeNull();
	});
});

describe('rdvIcsSummary', () => {
	it('names the motif unless it is sensitive', () => {
		expect(rdvIcsSummary({ name: 'Consultation PMI', visibility: 'visible_and_notified' })).toBe(
			'Rendez-vous : Consultation PMI'
		);
		expect(rdvIcsSummary({ name: 'Dépistage IST', visibility: 'invisible' })).toBe('Rendez-vous');
	});
});
