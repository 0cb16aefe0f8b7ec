export { Entitled, type EntitledProps } from './entitled.js';
export { type UseEntitlementsResult, useEntitlements } from './use-entitlements.js';
