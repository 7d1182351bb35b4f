import { Foundation1764300000000 } from '../../migrations/1764300000000-foundation.js';

/** Listed explicitly so the same list works from TypeScript sources and from dist/. */
export const MIGRATIONS = [Foundation1764300000000];
