import fc from 'fast-check';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { namesFor, type StoredName } from './participant-names.ts';

const ids = Array.from({ length: 6 }, () => new Types.ObjectId());
const person = (i: number, tag: string) => ({ firstName: `P${i}${tag}`, lastName: `N${i}${tag}` });

describe('namesFor', () => {
	it('gives each participant, in order, its fresh name, else its stored one, else none', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 6 }),
				fc.subarray([0, 1, 2, 3, 4, 5]),
				fc.subarray([0, 1, 2, 3, 4, 5]),
				(participants, storedOnes, knownOnes) => {
					const stored: StoredName[] = storedOnes.map((i) => ({ usagerId: ids[i]!, ...person(i, 's') }));
					const known = new Map(knownOnes.map((i) => [String(ids[i]), { _id: ids[i]!, ...person(i, 'k') }]));
					const names = namesFor(
						participants.map((i) => ({ usagerId: ids[i]! })),
						stored,
						known
					);
					const expected = participants.flatMap((i) =>
						knownOnes.includes(i)
							? [{ usagerId: ids[i], ...person(i, 'k') }]
							: storedOnes.includes(i)
								? [{ usagerId: ids[i], ...person(i, 's') }]
								: []
					);
					expect(names).toEqual(expected);
				}
			)
		);
	});

	it('drops the names of participants who left the RDV', () => {
		const stored = [0, 1].map((i) => ({ usagerId: ids[i]!, ...person(i, 's') }));
		expect(namesFor([{ usagerId: ids[1] }], stored, new Map())).toEqual([{ usagerId: ids[1], ...person(1, 's') }]);
	});
});
