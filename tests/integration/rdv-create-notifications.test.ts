/**
 * POST /api/v1/rdvs takes the per-participant notification choices the booking service takes (as the RDV
 * wizard's last step does): stored on each participant, returned, documented; a choice for someone who does
 * not take part, or two for one usager, is a 422 on that entry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { openApiDocument } from '../../src/lib/server/api/registry.ts';
import { Rdv } from '../../src/lib/server/db/models/index.ts';
import * as rdvsApi from '../../src/routes/api/v1/rdvs/+server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import {
	createFixtureUsager,
	createSchedulingFixture,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

const doc = openApiDocument();
const { call } = documentedApi(doc);

let f: SchedulingFixture;
let token = '';

beforeAll(async () => {
	f = await createSchedulingFixture();
	token = (await createApiToken(f.alice, 'Tests')).token;
}, 120_000);

const book = (body: Record<string, unknown>) =>
	call(rdvsApi.POST as never, { method: 'POST', path: '/api/v1/rdvs', token, body });

const bookingAt = (day: string, usagerIds: string[], notifications?: unknown) => ({
	organisationId: f.arras,
	motifId: f.motif,
	startsAt: paris(day, '09:00').toISOString(),
	lieuId: f.lieu,
	agentIds: [f.alice],
	usagerIds,
	...(notifications !== undefined && { notifications })
});

describe('POST /api/v1/rdvs: notifications', () => {
	it('stores each participant’s choices; a participant not listed gets both', async () => {
		const [mother, child] = await Promise.all([createFixtureUsager(f), createFixtureUsager(f)]);
		const res = await book(
			bookingAt(
				'2027-03-23',
				[mother, child],
				[{ usagerId: child, sendLifecycleNotifications: false, sendReminderNotification: false }]
			)
		);
		expect(res.status).toBe(201);
		const choices = { [mother]: [true, true], [child]: [false, false] };
		const body = res.body as {
			id: string;
			participants: { usagerId: string; sendLifecycleNotifications: boolean; sendReminderNotification: boolean }[];
		};
		expect(
			Object.fromEntries(
				body.participants.map((p) => [p.usagerId, [p.sendLifecycleNotifications, p.sendReminderNotification]])
			)
		).toEqual(choices);
		const stored = await Rdv.findById(body.id).lean();
		expect(
			Object.fromEntries(
				(stored?.participants ?? []).map((p) => [
					String(p.usagerId),
					[p.sendLifecycleNotifications, p.sendReminderNotification]
				])
			)
		).toEqual(choices);
	});

	it('keeps the reminder only, when asked', async () => {
		const usager = await createFixtureUsager(f);
		const res = await book(
			bookingAt(
				'2027-03-24',
				[usager],
				[{ usagerId: usager, sendLifecycleNotifications: false, sendReminderNotification: true }]
			)
		);
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({
			participants: [{ usagerId: usager, sendLifecycleNotifications: false, sendReminderNotification: true }]
		});
	});

	it('refuses a choice for someone who does not take part, and two choices for one usager (422 on the entry)', async () => {
		const [usager, other] = await Promise.all([createFixtureUsager(f), createFixtureUsager(f)]);
		const off = { sendLifecycleNotifications: false, sendReminderNotification: false };
		const stranger = await book(bookingAt('2027-03-25', [usager], [{ usagerId: other, ...off }]));
		expect(stranger).toMatchObject({
			status: 422,
			body: {
				error: {
					code: 'validation_failed',
					details: [
						{ location: 'body', path: 'notifications.0.usagerId', message: 'Cet usager n’est pas dans usagerIds.' }
					]
				}
			}
		});
		const twice = await book(
			bookingAt(
				'2027-03-25',
				[usager],
				[
					{ usagerId: usager, ...off },
					{ usagerId: usager, sendLifecycleNotifications: true, sendReminderNotification: true }
				]
			)
		);
		expect(twice).toMatchObject({
			status: 422,
			body: {
				error: {
					details: [{ path: 'notifications.1.usagerId', message: 'Un seul choix de notifications par usager.' }]
				}
			}
		});
		// A missing flag is refused too (no half choice).
		const half = await book(bookingAt('2027-03-25', [usager], [{ usagerId: usager, sendReminderNotification: false }]));
		expect(half).toMatchObject({ status: 422, body: { error: { code: 'validation_failed' } } });
		expect(await Rdv.countDocuments({ organisationId: f.arras, 'participants.usagerId': usager })).toBe(0);
	});

	it('is documented in the OpenAPI request body of createRdv', () => {
		expect(JSON.stringify(doc.paths['/api/v1/rdvs']?.post)).toContain('#/components/schemas/CreateRdvBody');
		const body = (doc.components?.schemas as Record<string, { properties?: Record<string, unknown> }>).CreateRdvBody;
		expect(body.properties?.notifications).toMatchObject({
			type: 'array',
			items: { required: ['usagerId', 'sendLifecycleNotifications', 'sendReminderNotification'] }
		});
	});
});
