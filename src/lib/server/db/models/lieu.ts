import { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';
import { stampOnWrite } from '../stamps.ts';

/** `single_use`: an address typed for one RDV, hidden from lists and slot searches. */
export const LIEU_AVAILABILITIES = ['enabled', 'disabled', 'single_use'] as const;
export type LieuAvailability = (typeof LIEU_AVAILABILITIES)[number];

const lieuSchema = new Schema(
	{
		organisationId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true },
		name: { type: String, required: [true, 'Le nom est obligatoire.'], trim: true, maxlength: 160 },
		/** One line, as geocoders and usagers read it: '8 place du Théâtre, 62000 Arras'. */
		address: { type: String, required: [true, 'L’adresse est obligatoire.'], trim: true, maxlength: 300 },
		phone: { type: String, trim: true },
		/** For "closest lieu first" in online booking. */
		coordinates: {
			type: new Schema(
				{
					latitude: { type: Number, required: true, min: -90, max: 90 },
					longitude: { type: Number, required: true, min: -180, max: 180 }
				},
				{ _id: false }
			),
			required: false
		},
		availability: { type: String, enum: LIEU_AVAILABILITIES, default: 'enabled' }
	},
	{ timestamps: true }
);

lieuSchema.index({ organisationId: 1, availability: 1 });

// Every RDV shown names its motif and lieu: the RDV lists cache them per organisation under this stamp.
stampOnWrite(lieuSchema, 'settings', 'organisation');

export type LieuFields = InferSchemaType<typeof lieuSchema>;
export type LieuDoc = HydratedDocument<LieuFields>;
export const Lieu = defineModel<LieuFields>('Lieu', lieuSchema);
