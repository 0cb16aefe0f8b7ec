import { initialSchema } from './0001-initial.js';

/** One schema change. Versions only ever grow; a released migration is never edited, a new one is added. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration in the order they apply. */
export const migrations: readonly Migration[] = [{ version: 1, name: 'initial', sql: initialSchema }];
