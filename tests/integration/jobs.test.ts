import { once } from 'node:events';
import mongoose, { Types } from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '../../src/lib/server/auth/tokens.ts';
import { PasswordResetToken } from '../../src/lib/server/db/models/password-reset-token.ts';
import { RateLimitSlot } from '../../src/lib/server/db/models/rate-limit.ts';
import { Session } from '../../src/lib/server/db/models/session.ts';
import { getWorker, JOBS_COLLECTION, runJobNow, startJobs, type Worker } from '../../src/lib/server/jobs/index.ts';

const jobsCollection = () => mongoose.connection.collection(JOBS_COLLECTION);
let worker: Worker | undefined;

afterEach(async () => {
	await worker?.stop();
	worker = undefined;
	await jobsCollection().deleteMany({});
});

describe('sweep-expired', () => {
	it('deletes expired sessions, reset links and rate-limit hits, and keeps the valid ones', async () => {
		const now = Date.now();
		const past = new Date(now - 60_000);
		const future = new Date(now + 3_600_000);
		const agentId = new Types.ObjectId();
		const id = () => hashToken(generateToken());
		const [expiredSession, validSession, expiredReset, validReset] = [id(), id(), id(), id()];
		await Session.create([
			{ _id: expiredSession, agentId, expiresAt: past },
			{ _id: validSession, agentId, expiresAt: future }
		]);
		await PasswordResetToken.create([
			{ _id: expiredReset, agentId, expiresAt: past },
			{ _id: validReset, agentId, expiresAt: future }
		]);
		await RateLimitSlot.create([
			{ key: 'login:test:expired', windowStart: new Date(now - 120_000), slot: 0, expiresAt: past },
			{ key: 'login:test:valid', windowStart: new Date(now), slot: 0, expiresAt: future }
		]);

		worker = await startJobs({ schedulePeriodic: false, processEveryMs: 200 });
		const { finished } = await runJobNow('sweep-expired', {});
		await finished;

		expect((await Session.find({ agentId }).lean()).map((s) => s._id)).toEqual([validSession]);
		expect((await PasswordResetToken.find({ agentId }).lean()).map((t) => t._id)).toEqual([validReset]);
		expect(await RateLimitSlot.countDocuments({ key: 'login:test:expired' })).toBe(0);
		expect(await RateLimitSlot.countDocuments({ key: 'login:test:valid' })).toBe(1);
	});

	it('purges one-off jobs finished more than a week ago, and only those', async () => {
		const day = 24 * 60 * 60_000;
		const now = Date.now();
		await jobsCollection().insertMany([
			{ name: 'test-old', type: 'normal', data: {}, nextRunAt: null, lastFinishedAt: new Date(now - 8 * day) },
			{ name: 'test-recent', type: 'normal', data: {}, nextRunAt: null, lastFinishedAt: new Date(now - day) },
			{ name: 'test-pending', type: 'normal', data: {}, nextRunAt: new Date(now + day) },
			{
				name: 'test-periodic',
				type: 'single',
				data: {},
				repeatInterval: day,
				nextRunAt: new Date(now + day),
				lastFinishedAt: new Date(now - 9 * day)
			}
		]);

		worker = await startJobs({ schedulePeriodic: false, processEveryMs: 200 });
		await (
			await runJobNow('sweep-expired', {})
		).finished;

		const names = (
			await jobsCollection()
				.find({ name: /^test-/ })
				.toArray()
		)
			.map((j) => j.name)
			.sort();
		expect(names).toEqual(['test-pending', 'test-periodic', 'test-recent']);
	});

	it('refuses a payload that does not match the job schema', async () => {
		worker = await startJobs({ schedulePeriodic: false, processEveryMs: 200 });
		await expect(runJobNow('sweep-expired', { organisationId: 'x' } as never)).rejects.toThrow();
		expect(await jobsCollection().countDocuments({ name: 'sweep-expired' })).toBe(0);
	});

	it('is scheduled once every 15 minutes, however many times workers start', async () => {
		worker = await startJobs({ processEveryMs: 200 });
		// Scheduling runs it right away once.
		await expect
			.poll(async () => (await jobsCollection().findOne({ name: 'sweep-expired' }))?.lastFinishedAt, {
				timeout: 10_000
			})
			.toBeInstanceOf(Date);
		await worker.stop();
		worker = await startJobs({ processEveryMs: 200 });

		const docs = await jobsCollection().find({ name: 'sweep-expired' }).toArray();
		expect(docs).toHaveLength(1);
		expect(docs[0]).toMatchObject({ type: 'single', repeatInterval: 15 * 60_000 });
		expect(docs[0]?.nextRunAt).toBeInstanceOf(Date);
	});
});

describe('worker', () => {
	it('is registered for runJobNow while running, and not after stop', async () => {
		worker = await startJobs({ schedulePeriodic: false });
		expect(getWorker()).toBe(worker);
		expect(await startJobs()).toBe(worker);
		await worker.stop();
		worker = undefined;
		expect(getWorker()).toBeUndefined();
		await expect(runJobNow('sweep-expired', {})).rejects.toThrow(/not running/);
	});

	it('stop() lets a running job finish and release its lock before resolving', async () => {
		worker = await startJobs({ schedulePeriodic: false, processEveryMs: 200 });
		const { agenda } = worker;
		const steps: string[] = [];
		let release = () => {};
		const gate = new Promise<void>((resolve) => (release = resolve));
		// A test-only job that lasts until released.
		agenda.define('test-slow', async () => {
			await gate;
			steps.push('job finished');
		});
		const started = once(agenda, 'start:test-slow');
		const job = await agenda.create('test-slow', {}).save();
		await started;

		const stopCalledAt = Date.now();
		const stopping = worker.stop().then(() => steps.push('worker stopped'));
		worker = undefined;
		// The job still has work to do after stop() was called.
		setTimeout(release, 300);
		await stopping;

		expect(steps).toEqual(['job finished', 'worker stopped']);
		// Well under the 25 s drain timeout: stop() noticed the end of the job rather than giving up on it.
		expect(Date.now() - stopCalledAt).toBeLessThan(5000);
		const doc = await jobsCollection().findOne({ _id: new Types.ObjectId(String(job.attrs._id)) });
		expect(doc?.lastFinishedAt).toBeInstanceOf(Date);
		expect(doc?.lockedAt ?? null).toBeNull();
	});
});
