/**
 * The usager pages' loads and actions: only members of the organisation open them, an usager of another
 * organisation is a 404 like an unknown one, the creation form warns about duplicates until « Créer quand
 * même », relatives and referents go through the record page, edition keeps what was typed on refusal.
 */
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { Usager } from '../../src/lib/server/db/models/usager.ts';
import * as listPage from '../../src/routes/agents/org/[orgId]/usagers/+page.server.ts';
import * as newPage from '../../src/routes/agents/org/[orgId]/usagers/nouveau/+page.server.ts';
import * as recordPage from '../../src/routes/agents/org/[orgId]/usagers/[usagerId]/+page.server.ts';
import * as editPage from '../../src/routes/agents/org/[orgId]/usagers/[usagerId]/modifier/+page.server.ts';
import { runRoute } from '../helpers/route-outcome.ts';
import { createSchedulingFixture, type SchedulingFixture } from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;
let lensOnly = '';
const usagers = (org = f.arras) => `/agents/org/${org}/usagers`;
const identity = { firstName: 'Maëlle', lastName: 'Fournier', birthDate: '1992-07-14', notifyBySms: 'false' };

beforeAll(async () => {
	f = await createSchedulingFixture();
	lensOnly = String(
		(await Usager.create({ firstName: 'Loin', lastName: 'Lens', profiles: [{ organisationId: f.lens }] }))._id
	);
});

describe('usager pages', () => {
	let maelle = '';

	it('creates, warns about the same person with a link to the record, then creates when confirmed', async () => {
		const invalid = await runRoute(newPage.actions.default, {
			path: `${usagers()}/nouveau`,
			params: { orgId: f.arras },
			agent: f.agents.bob,
			form: { ...identity, firstName: ' ', numberOfChildren: 'deux', familySituation: 'autre' }
		});
		expect(invalid).toMatchObject({
			failure: {
				status: 422,
				data: {
					values: { lastName: 'Fournier', numberOfChildren: 'deux' },
					errors: {
						firstName: 'Saisissez le prénom.',
						numberOfChildren: 'Saisissez un nombre d’enfants entre 0 et 30.',
						familySituation: 'Choisissez une situation familiale de la liste.'
					}
				}
			}
		});

		const created = await runRoute(newPage.actions.default, {
			path: `${usagers()}/nouveau`,
			params: { orgId: f.arras },
			agent: f.agents.bob,
			form: identity
		});
		expect(created).toMatchObject({ redirect: expect.stringMatching(/\/usagers\/[0-9a-f]{24}\?succes=cree$/) });
		maelle = /usagers\/([0-9a-f]{24})/.exec((created as { redirect: string }).redirect)![1];
		expect((await Usager.findById(maelle).lean())?.notifyBySms).toBe(false);

		const again = { path: `${usagers()}/nouveau`, params: { orgId: f.arras }, agent: f.agents.bob, form: identity };
		expect(await runRoute(newPage.actions.default, again)).toMatchObject({
			failure: { status: 409, data: { duplicates: [{ id: maelle, name: 'Maëlle Fournier' }] } }
		});
		expect(await runRoute(newPage.actions.default, { ...again, form: { ...identity, confirm: 'true' } })).toMatchObject(
			{
				redirect: expect.stringContaining('?succes=cree')
			}
		);
	});

	it('lists and searches the organisation’s usagers only', async () => {
		const listed = await runRoute(listPage.load, { path: usagers(), params: { orgId: f.arras }, agent: f.agents.bob });
		const names = ((listed as { data: { usagers: { lastName: string }[] } }).data.usagers ?? []).map((u) => u.lastName);
		expect(names).toContain('Fournier');
		expect(names).not.toContain('Lens');
		const searched = await runRoute(listPage.load, {
			path: `${usagers()}?q=${encodeURIComponent('fournier 14/07/1992')}`,
			params: { orgId: f.arras },
			agent: f.agents.bob
		});
		expect(searched).toMatchObject({
			data: { searched: true, usagers: [{ lastName: 'Fournier' }, { lastName: 'Fournier' }] }
		});
		expect(
			await runRoute(listPage.load, {
				path: `${usagers()}?curseur=nope`,
				params: { orgId: f.arras },
				agent: f.agents.bob
			})
		).toEqual({ status: 400 });
	});

	it('shows the record, adds a relative and a referent', async () => {
		const relative = await runRoute(newPage.actions.default, {
			path: `${usagers()}/nouveau?responsable=${maelle}`,
			params: { orgId: f.arras },
			agent: f.agents.bob,
			form: { firstName: 'Noé', lastName: 'Fournier' }
		});
		expect(relative).toEqual({ redirect: `${usagers()}/${maelle}?succes=proche-cree` });

		const params = { orgId: f.arras, usagerId: maelle };
		const added = await runRoute(recordPage.actions.addReferent, {
			path: `${usagers()}/${maelle}?/addReferent`,
			params,
			agent: f.agents.bob,
			form: { agentId: f.carla }
		});
		expect(added).toEqual({ data: { referentSuccess: 'Le référent a été ajouté.' } });
		expect(
			await runRoute(recordPage.actions.addReferent, {
				path: `${usagers()}/${maelle}?/addReferent`,
				params,
				agent: f.agents.bob,
				form: { agentId: f.dora }
			})
		).toEqual({ failure: { status: 422, data: { referentError: 'Choisissez un agent de l’organisation.' } } });

		const record = await runRoute(recordPage.load, { path: `${usagers()}/${maelle}`, params, agent: f.agents.bob });
		expect(record).toMatchObject({
			data: {
				usager: { firstName: 'Maëlle', relatives: [{ firstName: 'Noé' }], referents: [{ id: f.carla }] },
				upcoming: [],
				past: []
			}
		});
		const noe = (record as { data: { usager: { relatives: { id: string }[] } } }).data.usager.relatives[0].id;
		expect(
			await runRoute(newPage.load, {
				path: `${usagers()}/nouveau?responsable=${noe}`,
				params: { orgId: f.arras },
				agent: f.agents.bob
			})
		).toMatchObject({ data: { responsibleIsRelative: true, responsible: { id: noe, responsibleId: maelle } } });
		const choices = (record as { data: { referentChoices: { value: string }[] } }).data.referentChoices.map(
			(c) => c.value
		);
		expect(choices).toContain(f.bob);
		expect(choices).not.toContain(f.carla);
	});

	it('edits, keeping what was typed when refused', async () => {
		const params = { orgId: f.arras, usagerId: maelle };
		const path = `${usagers()}/${maelle}/modifier`;
		expect(await runRoute(editPage.load, { path, params, agent: f.agents.bob })).toMatchObject({
			data: { values: { firstName: 'Maëlle', birthDate: '1992-07-14', notifyBySms: 'false' } }
		});
		expect(
			await runRoute(editPage.actions.default, {
				path,
				params,
				agent: f.agents.bob,
				form: { ...identity, email: 'pas-une-adresse' }
			})
		).toMatchObject({
			failure: { status: 422, data: { values: { email: 'pas-une-adresse' }, errors: { email: expect.any(String) } } }
		});
		expect(
			await runRoute(editPage.actions.default, {
				path,
				params,
				agent: f.agents.bob,
				form: { ...identity, city: 'Arras' }
			})
		).toEqual({ redirect: `${usagers()}/${maelle}?succes=modifie` });
		expect((await Usager.findById(maelle).lean())?.address?.city).toBe('Arras');
	});

	it('answers 404 alike for an usager of another organisation and an unknown one; 403 outside the organisation', async () => {
		for (const usagerId of [lensOnly, new Types.ObjectId().toHexString()]) {
			const params = { orgId: f.arras, usagerId };
			expect(
				await runRoute(recordPage.load, { path: `${usagers()}/${usagerId}`, params, agent: f.agents.bob })
			).toEqual({ status: 404 });
			expect(
				await runRoute(editPage.load, { path: `${usagers()}/${usagerId}/modifier`, params, agent: f.agents.bob })
			).toEqual({
				status: 404
			});
			expect(
				await runRoute(editPage.actions.default, {
					path: `${usagers()}/${usagerId}/modifier`,
					params,
					agent: f.agents.bob,
					form: identity
				})
			).toEqual({ status: 404 });
			expect(
				await runRoute(recordPage.actions.addReferent, {
					path: `${usagers()}/${usagerId}?/addReferent`,
					params,
					agent: f.agents.bob,
					form: { agentId: f.bob }
				})
			).toEqual({ status: 404 });
			expect(
				await runRoute(newPage.load, {
					path: `${usagers()}/nouveau?responsable=${usagerId}`,
					params: { orgId: f.arras },
					agent: f.agents.bob
				})
			).toEqual({ status: 404 });
		}
		// Bob has no role in Lens.
		expect(
			await runRoute(listPage.load, { path: usagers(f.lens), params: { orgId: f.lens }, agent: f.agents.bob })
		).toEqual({
			status: 403
		});
	});
});
