export { deMessages } from './de.js';
export { type BillingMessageKey, type BillingMessages, defaultMessages, formatMessage } from './messages.js';
