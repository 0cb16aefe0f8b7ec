export * from './money.js';
export * from './routes.js';
export * from './schemas/catalog.js';
export * from './schemas/errors.js';
export * from './schemas/subscription.js';
