import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';
import { slugify } from '../../../domain/text-keys.ts';

const organisationSchema = new Schema(
	{
		territoryId: { type: Schema.Types.ObjectId, ref: 'Territory', required: true },
		name: { type: String, required: true, trim: true, maxlength: 160 },
		/** Readable part of the public booking link /org/{id}/{slug}; derived from the name. */
		slug: { type: String },
		phone: { type: String, trim: true },
		email: { type: String, trim: true, lowercase: true },
		website: { type: String, trim: true },
		openingHoursText: { type: String, trim: true, maxlength: 2000 },
		/** Change stamps of what the availability searches cache (db/stamps.ts); never set by hand. */
		stamps: {
			type: new Schema(
				{ plages: { type: String }, absences: { type: String }, members: { type: String }, settings: { type: String } },
				{ _id: false }
			),
			required: false
		}
	},
	{ timestamps: true }
);

organisationSchema.pre('validate', function () {
	if (this.isModified('name') || !this.slug) this.slug = slugify(this.name ?? '');
});

organisationSchema.index({ territoryId: 1, name: 1 }, { unique: true });

export type OrganisationFields = InferSchemaType<typeof organisationSchema>;
export type OrganisationDoc = HydratedDocument<OrganisationFields>;
export const Organisation = defineModel<OrganisationFields>('Organisation', organisationSchema);
