// Plain constants with no zod import, so UI code that only needs a limit does not bundle the schemas.

/** Largest seat count any route accepts; larger quantities are refused before reaching Stripe. */
export const MAX_QUANTITY = 10_000;
