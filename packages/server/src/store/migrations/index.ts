import { initialSchema } from './0001-initial.js';
import { webhookClaimsSchema } from './0002-webhook-claims.js';
import { subscriptionLifecycleSchema } from './0003-subscription-lifecycle.js';
import { walletSchema } from './0004-wallet.js';
import { idempotencyKeysSchema } from './0005-idempotency-keys.js';

/** One schema change. Versions only ever grow; a released migration is never edited, a new one is added. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration in the order they apply. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initialSchema },
  { version: 2, name: 'webhook-claims', sql: webhookClaimsSchema },
  { version: 3, name: 'subscription-lifecycle', sql: subscriptionLifecycleSchema },
  { version: 4, name: 'wallet', sql: walletSchema },
  { version: 5, name: 'idempotency-keys', sql: idempotencyKeysSchema },
];
