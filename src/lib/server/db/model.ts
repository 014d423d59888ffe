import mongoose, { type Model, type Schema } from 'mongoose';

/**
 * Register a model once. The server entry and the SvelteKit bundle may each evaluate a model file, but they
 * share one mongoose instance (an external dependency), which refuses a second registration.
 */
export function defineModel<T, M extends Model<T> = Model<T>>(name: string, schema: Schema): M {
	return (mongoose.models[name] as M | undefined) ?? (mongoose.model(name, schema) as unknown as M);
}
