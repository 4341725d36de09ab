/** Kept so the queue's imports stay put; the one definition lives with the failure policy in src/errors.ts. */
export { safeErrorText } from '../errors';
