import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RdvCard } from '$lib/domain/rdv-card';
import { CAMILLE, sampleCard } from '$lib/domain/rdv-card.fixture';
import type { RdvChanged } from '$lib/domain/realtime';
import { rdvLiveChange } from './rdv-live-change';

const RDV = 'r1';
const camille = CAMILLE;
const card = (version: number): RdvCard =>
	sampleCard(version, { id: RDV, participants: [], updatedAt: '2026-12-08T08:00:00.000Z' });
const base = { node: 'n', seq: 1, organisationId: 'o1', at: '2026-12-08T08:00:00.000Z' };
const full = (version: number, change: 'updated' | 'deleted' = 'updated', actor = camille): RdvChanged => ({
	...base,
	audience: 'full',
	rdvId: RDV,
	change,
	card: card(version),
	actor
});
const shown = (version: number, viewerId = 'a2') => ({ rdvId: RDV, version, viewerId });

describe('rdvLiveChange', () => {
	it('a newer version of the shown RDV is a change, by whom, and whether the viewer made it', () => {
		expect(rdvLiveChange(full(4), shown(3))).toEqual({
			kind: 'updated',
			version: 4,
			by: 'Camille Durand',
			self: false,
			at: base.at
		});
		expect(rdvLiveChange(full(4), shown(3, 'a1'))).toMatchObject({ kind: 'updated', self: true });
		const { actor: _, ...byAnUsager } = full(4) as Extract<RdvChanged, { audience: 'full' }>;
		expect(rdvLiveChange(byAnUsager, shown(3))).toMatchObject({ by: null, self: false });
	});

	it('only a strictly newer version is news, whatever the order of arrival', () => {
		fc.assert(
			fc.property(fc.nat(50), fc.nat(50), (version, seen) => {
				const change = rdvLiveChange(full(version), shown(seen));
				expect(change !== null).toBe(version > seen);
			})
		);
	});

	it('a deletion is always news; a drop notice (gone) too, without a version', () => {
		expect(rdvLiveChange(full(3, 'deleted'), shown(9))).toMatchObject({ kind: 'deleted', by: 'Camille Durand' });
		expect(
			rdvLiveChange({ ...base, audience: 'gone', rdvId: RDV, change: 'updated', actor: camille }, shown(3))
		).toEqual({
			kind: 'gone',
			by: 'Camille Durand',
			self: false,
			at: base.at
		});
	});

	it('ignores other RDVs, busy time and bare sequence numbers', () => {
		expect(rdvLiveChange({ ...full(9), rdvId: 'r2' } as RdvChanged, shown(1))).toBeNull();
		expect(rdvLiveChange({ ...base, audience: 'none' }, shown(1))).toBeNull();
		expect(
			rdvLiveChange(
				{
					...base,
					audience: 'busy',
					rdvId: RDV,
					change: 'updated',
					busy: { id: RDV, organisationId: 'o1', startsAt: '', endsAt: '', agentIds: [], status: 'unknown' }
				},
				shown(1)
			)
		).toBeNull();
	});
});
