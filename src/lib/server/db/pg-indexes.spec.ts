import mongoose, { Schema, type Model } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { leadingIndexFields } from './pg-indexes.ts';

describe('leadingIndexFields', () => {
	it('mirrors _id and each top-level field that leads an index, once', () => {
		const schema = new Schema({ organisationId: String, weeks: [String], email: String, nested: { key: String } });
		schema.index({ organisationId: 1, weeks: 1 });
		schema.index({ organisationId: 1, email: 1 });
		schema.index({ weeks: 1 });
		schema.index({ 'nested.key': 1 });
		schema.index({ email: 'text' });
		const model = mongoose.model('PgIndexesSpec', schema) as unknown as Model<unknown>;
		// A dotted path cannot be an expression on the top-level JSON document: left to FerretDB.
		expect(leadingIndexFields(model).sort()).toEqual(['_id', 'email', 'organisationId', 'weeks']);
	});

	it('gives a model without declared indexes its _id', () => {
		const model = mongoose.model('PgIndexesBare', new Schema({ name: String })) as unknown as Model<unknown>;
		expect(leadingIndexFields(model)).toEqual(['_id']);
	});
});
