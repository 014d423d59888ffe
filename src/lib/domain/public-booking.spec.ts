import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	FUNNEL_PATHS,
	funnelHref,
	funnelQuery,
	motifKey,
	motifKeyLocationType,
	parseFunnelParams,
	previousStepParams,
	searchStep,
	type FunnelParams
} from './public-booking.ts';
import { LOCATION_TYPES } from './types.ts';

const ORG = '64b000000000000000000001';
const SERVICE = '64b000000000000000000002';
const LIEU = '64b000000000000000000003';

const parse = (query: string) => parseFunnelParams(new URLSearchParams(query));

describe('motifKey', () => {
	it('is the same for spellings that differ only by case, accents and punctuation', () => {
		expect(motifKey('Consultation PMI — Nourrisson', 'public_office')).toBe(
			motifKey('consultation pmi nourrisson', 'public_office')
		);
		expect(motifKey('Élaboration du budget', 'phone')).toBe('elaboration-du-budget--phone');
	});

	it('tells the same name apart by location type', () => {
		expect(motifKey('Premier contact', 'phone')).not.toBe(motifKey('Premier contact', 'public_office'));
	});

	it('always parses back as a motif parameter with its location type', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 60, unit: 'grapheme' }), fc.constantFrom(...LOCATION_TYPES), (name, type) => {
				const key = motifKey(name, type);
				expect(motifKeyLocationType(key)).toBe(type);
				expect(parse(`motif=${encodeURIComponent(key)}`).motif).toBe(key);
			})
		);
	});
});

describe('parseFunnelParams', () => {
	it('keeps well-formed values', () => {
		expect(
			parse(
				`departement=2a&adresse=1+rue+de+la+Paix&latitude=50.1&longitude=2.5&organisation=${ORG}&service=${SERVICE}` +
					`&motif=suivi--phone&lieu=${LIEU}&date=2026-12-07&creneau=2026-12-08T09:00:00.000Z&prescripteur=1&embed=1`
			)
		).toEqual({
			departement: '2A',
			adresse: '1 rue de la Paix',
			latitude: 50.1,
			longitude: 2.5,
			organisation: ORG,
			service: SERVICE,
			motif: 'suivi--phone',
			lieu: LIEU,
			date: '2026-12-07',
			creneau: '2026-12-08T09:00:00.000Z',
			prescripteur: true,
			embed: true
		});
	});

	it('drops what is malformed instead of failing (a forged link lands on an earlier step)', () => {
		expect(
			parse(
				'departement=999x&organisation=nope&service=1&motif=<script>&lieu=&date=07/12/2026&creneau=demain' +
					'&latitude=200&longitude=2&prescripteur=yes'
			)
		).toEqual({});
		expect(parse('motif=suivi--bureau')).toEqual({});
	});

	it('round-trips through funnelQuery', () => {
		const param: fc.Arbitrary<FunnelParams> = fc.record(
			{
				departement: fc.constantFrom('62', '974', '2B'),
				adresse: fc.string({ minLength: 1, maxLength: 50 }).filter((s) => s.trim() === s && s.length > 0),
				organisation: fc.constant(ORG),
				service: fc.constant(SERVICE),
				motif: fc.constantFrom('suivi--phone', 'consultation--public_office'),
				lieu: fc.constant(LIEU),
				date: fc.constant('2026-12-07'),
				creneau: fc.constant('2026-12-08T09:00:00.000Z'),
				prescripteur: fc.constant(true),
				embed: fc.constant(true)
			},
			{ requiredKeys: [] }
		);
		fc.assert(
			fc.property(param, (p) => {
				expect(parse(funnelQuery(p).slice(1))).toEqual(p);
			})
		);
	});
});

describe('searchStep', () => {
	it('walks address → service → motif → lieu → créneau → chosen', () => {
		let p: FunnelParams = {};
		const steps = [searchStep(p)];
		for (const add of [
			{ departement: '62' },
			{ service: SERVICE },
			{ motif: 'consultation--public_office' },
			{ lieu: LIEU },
			{ creneau: '2026-12-08T09:00:00.000Z' }
		]) {
			p = { ...p, ...add };
			steps.push(searchStep(p));
		}
		expect(steps).toEqual(['address', 'service', 'motif', 'lieu', 'creneau', 'chosen']);
	});

	it('starts an organisation link at the service step', () => {
		expect(searchStep({ organisation: ORG })).toBe('service');
	});

	it('places phone, visio and home motifs by organisation, office motifs only by lieu', () => {
		expect(searchStep({ departement: '62', service: SERVICE, motif: 'suivi--phone', organisation: ORG })).toBe(
			'creneau'
		);
		expect(
			searchStep({ departement: '62', service: SERVICE, motif: 'consultation--public_office', organisation: ORG })
		).toBe('lieu');
	});

	it('« Retour » always goes back to an earlier step', () => {
		const order = ['address', 'service', 'motif', 'lieu', 'creneau', 'chosen'];
		const full: FunnelParams = {
			departement: '62',
			service: SERVICE,
			motif: 'consultation--public_office',
			lieu: LIEU,
			date: '2026-12-07',
			creneau: '2026-12-08T09:00:00.000Z'
		};
		let p = full;
		for (let step = searchStep(p); step !== 'address';) {
			const back = previousStepParams(p, step);
			const earlier = searchStep(back);
			expect(order.indexOf(earlier)).toBeLessThan(order.indexOf(step));
			p = back;
			step = earlier;
		}
	});

	it('builds step addresses with the parameters', () => {
		expect(funnelHref(FUNNEL_PATHS.identification, { departement: '62', prescripteur: true })).toBe(
			'/prendre-rdv/identification?departement=62&prescripteur=1'
		);
		expect(funnelHref(FUNNEL_PATHS.search, {})).toBe('/prendre-rdv');
	});
});
