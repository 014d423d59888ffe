import { Schema, Types, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { defineModel } from '../model.ts';
import { syncParticipantNames } from '../read-models/participant-names.ts';
import { syncSearchLists } from '../usager-search-lists.ts';
import { dayValidator } from '../validators.ts';
import { normalizePhone } from '../../../domain/phone.ts';
import { nameBirthKey } from '../../../domain/text-keys.ts';
import { lastNameBucket, scopedKeys, sortName, usagerSearchKeys } from '../../../domain/usager-search-keys.ts';

export const FAMILY_SITUATIONS = [
	'single',
	'couple',
	'couple_with_children',
	'single_parent',
	'divorced',
	'widowed'
] as const;

/** Unique-when-present fields must stay unset, never '' or null (see ARCHITECTURE.md, database rules). */
const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** Membership of one organisation ("profil"): the usager appears in its lists. */
const profileSchema = new Schema(
	{
		organisationId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true },
		notes: { type: String, trim: true, maxlength: 5000 },
		/** Référents: agents following this usager here (follow-up motifs are booked with them only). */
		referentAgentIds: { type: [Schema.Types.ObjectId], ref: 'Agent', default: [] },
		createdAt: { type: Date, default: () => new Date() }
	},
	{ _id: false }
);

/** How and when the usager signed in online (set by the e-mail code or FranceConnect; absent for agents' records). */
const accountSchema = new Schema(
	{
		createdAt: { type: Date, required: true },
		lastSignInAt: { type: Date, required: true },
		via: { type: String, enum: ['email_code', 'franceconnect'], required: true }
	},
	{ _id: false }
);

/**
 * Names are required, except on an online account opened by an e-mail code: the usager proves the address first
 * and gives their names at « Vos informations ». Agents' forms still require them (their zod schemas).
 */
function namesRequired(this: { account?: unknown }): boolean {
	return !this.account;
}

const usagerSchema = new Schema(
	{
		firstName: { type: String, required: [namesRequired, 'Le prénom est obligatoire.'], trim: true, maxlength: 100 },
		lastName: { type: String, required: [namesRequired, 'Le nom est obligatoire.'], trim: true, maxlength: 100 },
		birthName: { type: String, trim: true, maxlength: 100, set: emptyToUndefined },
		birthDate: { type: String, validate: dayValidator, set: emptyToUndefined },
		email: {
			type: String,
			trim: true,
			lowercase: true,
			set: emptyToUndefined,
			match: [/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Adresse e-mail invalide.']
		},
		/** E.164, normalised on save from whatever was typed. */
		phone: { type: String, set: emptyToUndefined },
		/** Precomputed: only mobile numbers get SMS. */
		phoneIsMobile: { type: Boolean, default: false },
		address: {
			street: { type: String, trim: true, maxlength: 200 },
			postcode: { type: String, trim: true, match: [/^\d{5}$/, 'Code postal invalide.'] },
			city: { type: String, trim: true, maxlength: 100 }
		},
		notes: { type: String, trim: true, maxlength: 5000 },
		caseNumber: { type: String, trim: true, maxlength: 50 },
		familySituation: { type: String, enum: FAMILY_SITUATIONS },
		numberOfChildren: { type: Number, min: 0, max: 30 },
		notifyBySms: { type: Boolean, default: true },
		notifyByEmail: { type: Boolean, default: true },
		/** Set on relatives ("proches"): notifications go to the responsible. One level only, which rules out cycles. */
		responsibleId: {
			type: Schema.Types.ObjectId,
			ref: 'Usager',
			validate: {
				validator: async function (this: UsagerDoc, id: Types.ObjectId | undefined) {
					if (!id) return true;
					if (id.equals(this._id)) return false;
					const responsible = await Usager.findById(id, { responsibleId: 1 }).lean();
					return !!responsible && !responsible.responsibleId;
				},
				message: 'Le responsable doit être un usager existant qui n’est pas lui-même rattaché à un responsable.'
			}
		},
		profiles: { type: [profileSchema], default: [] },
		account: { type: accountSchema, default: undefined },
		/** Denormalised from profiles: the equality keys lists select on. */
		organisationIds: { type: [Schema.Types.ObjectId], ref: 'Organisation', default: [] },
		referentAgentIds: { type: [Schema.Types.ObjectId], ref: 'Agent', default: [] },
		/** Precomputed for duplicate warnings (accent/case-insensitive first|last|birth date). */
		nameBirthKey: { type: String },
		/**
		 * Every key a search selects on with one "array contains" equality (domain/usager-search-keys.ts): name
		 * prefixes, phone forms, e-mail, birth-date forms, each prefixed with each organisation of the usager.
		 * FerretDB cannot search text any other way than scanning.
		 */
		searchKeys: { type: [String], default: undefined },
		/** The list's alphabetical bucket (first two letters of the last name) per organisation, and the sort key. */
		listBuckets: { type: [String], default: undefined },
		sortName: { type: String },
		deletedAt: { type: Date }
	},
	{ timestamps: true }
);

usagerSchema.pre('validate', function () {
	if (this.phone) {
		const normalized = normalizePhone(this.phone);
		if (normalized) {
			this.phone = normalized.e164;
			this.phoneIsMobile = normalized.isMobile;
		} else {
			this.invalidate('phone', 'Numéro de téléphone invalide.', this.phone);
		}
	} else {
		this.phoneIsMobile = false;
	}
	const ids = (values: Types.ObjectId[]) => [...new Set(values.map(String))].map((id) => new Types.ObjectId(id));
	this.organisationIds = ids(this.profiles.map((p) => p.organisationId));
	this.referentAgentIds = ids(this.profiles.flatMap((p) => p.referentAgentIds));
	this.nameBirthKey = nameBirthKey(this.firstName ?? '', this.lastName ?? '', this.birthDate);
	this.searchKeys = scopedKeys(this.organisationIds, usagerSearchKeys(this));
	this.listBuckets = scopedKeys(this.organisationIds, [lastNameBucket(this.lastName ?? '')]);
	this.sortName = sortName(this.lastName ?? '', this.firstName ?? '');
});

syncParticipantNames(usagerSchema);
syncSearchLists(usagerSchema);

usagerSchema.index({ email: 1 }, { unique: true, sparse: true });
usagerSchema.index({ organisationIds: 1 });
usagerSchema.index({ referentAgentIds: 1 });
usagerSchema.index({ responsibleId: 1 }, { sparse: true });
usagerSchema.index({ nameBirthKey: 1 }, { sparse: true });
usagerSchema.index({ phone: 1 }, { sparse: true });
// Keys and buckets carry their organisation: each is the one equality its query selects on.
usagerSchema.index({ searchKeys: 1 });
usagerSchema.index({ listBuckets: 1, sortName: 1, _id: 1 });

/**
 * Which alphabetical buckets an organisation's list has (one tiny document per organisation and bucket, unique):
 * a page walks them in order instead of probing all 676 two-letter pairs. Written by the usager hooks (one
 * small insert per save; no per-process cache, which a dropped collection would leave wrong);
 * a bucket left empty by a rename or deletion only costs one empty read.
 */
const nameBucketSchema = new Schema({
	organisationId: { type: Schema.Types.ObjectId, required: true },
	bucket: { type: String, required: true }
});
nameBucketSchema.index({ organisationId: 1, bucket: 1 }, { unique: true });
export const UsagerNameBucket = defineModel<{ organisationId: Types.ObjectId; bucket: string }>(
	'UsagerNameBucket',
	nameBucketSchema
);

/** Records the buckets of these usagers (idempotent: the unique index absorbs repeats and races). */
export async function recordNameBuckets(
	usagers: { organisationIds?: Types.ObjectId[] | null; lastName?: string | null }[]
): Promise<void> {
	const fresh = new Map<string, { organisationId: Types.ObjectId; bucket: string }>();
	for (const u of usagers) {
		const bucket = lastNameBucket(u.lastName ?? '');
		for (const organisationId of u.organisationIds ?? [])
			fresh.set(`${String(organisationId)}|${bucket}`, { organisationId, bucket });
	}
	if (fresh.size === 0) return;
	try {
		await UsagerNameBucket.insertMany([...fresh.values()], { ordered: false });
	} catch (err) {
		if ((err as { code?: number }).code !== 11000 && !isBulkDuplicate(err)) throw err;
	}
}

function isBulkDuplicate(err: unknown): boolean {
	const errors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
	return !!errors && errors.every((e) => (e.code ?? e.err?.code) === 11000);
}

usagerSchema.post('save', async function (doc: UsagerDoc) {
	await recordNameBuckets([doc]);
});
usagerSchema.post('insertMany', async function (docs: unknown) {
	await recordNameBuckets(docs as UsagerDoc[]);
});

/**
 * Read model of the name search (db/usager-search-lists.ts): per organisation and 2- or 3-letter start of a
 * name word, one line per usager having such a word, packed in one string per shard of the list. Immutable
 * versions {key, seq} per shard: the unique index lets one update per seq win; readers keep the highest seq.
 */
const searchListSchema = new Schema(
	{
		/** 'organisationId:xx' or 'organisationId:xxx': what a search selects on. */
		list: { type: String, required: true },
		/** The shard: 'list#n'. */
		key: { type: String, required: true },
		seq: { type: Number, required: true, min: 1 },
		entries: { type: String, default: '' }
	},
	{ versionKey: false }
);
searchListSchema.index({ key: 1, seq: 1 }, { unique: true });
searchListSchema.index({ list: 1 });
export const UsagerSearchList = defineModel<{ list: string; key: string; seq: number; entries: string }>(
	'UsagerSearchList',
	searchListSchema
);

export type UsagerFields = InferSchemaType<typeof usagerSchema>;
export type UsagerDoc = HydratedDocument<UsagerFields>;
export const Usager = defineModel<UsagerFields>('Usager', usagerSchema);
