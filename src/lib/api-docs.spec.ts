import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { methodBadgeClass, refName, summarise } from './api-docs.ts';

const json = (schema: z.ZodType) => z.toJSONSchema(schema) as Record<string, unknown>;

describe('summarise', () => {
	it('describes scalars with their French label, format and bounds', () => {
		expect(summarise(json(z.string()))).toMatchObject({ label: 'chaîne', nullable: false, constraints: [] });
		expect(summarise(json(z.iso.datetime())).constraints).toEqual(['date et heure ISO 8601']);
		expect(summarise(json(z.number().int().min(1).max(100).default(20))).constraints).toEqual([
			'minimum 1',
			'maximum 100',
			'par défaut 20'
		]);
		// zod's safe-integer bounds are noise to a reader.
		expect(summarise(json(z.number().int())).constraints).toEqual([]);
	});

	it('describes enums, nullable values and references', () => {
		expect(summarise(json(z.enum(['basic', 'admin']).nullable()))).toMatchObject({
			values: ['basic', 'admin'],
			nullable: true
		});
		expect(summarise({ $ref: '#/components/schemas/Organisation' })).toMatchObject({
			label: 'Organisation',
			ref: 'Organisation'
		});
		expect(summarise({ type: 'array', items: { $ref: '#/components/schemas/Organisation' } })).toMatchObject({
			label: 'tableau de Organisation',
			ref: 'Organisation'
		});
		expect(summarise({}).label).toBe('toute valeur JSON');
	});

	it('lists the properties of inline objects with the required ones', () => {
		const summary = summarise(json(z.object({ a: z.string(), b: z.number().optional() }).describe('Un objet')));
		expect(summary.label).toBe('objet');
		expect(summary.description).toBe('Un objet');
		expect(Object.keys(summary.object?.properties ?? {})).toEqual(['a', 'b']);
		expect(summary.object?.required).toEqual(['a']);
	});
});

describe('helpers', () => {
	it('extracts component names and badge colours', () => {
		expect(refName('#/components/schemas/Me')).toBe('Me');
		expect(refName(undefined)).toBeUndefined();
		expect(methodBadgeClass('GET')).toBe('fr-badge--info');
		expect(methodBadgeClass('delete')).toBe('fr-badge--error');
	});
});
