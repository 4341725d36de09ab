import { AsyncLocalStorage } from 'node:async_hooks';

/** Correlation fields merged into every log entry of the current request or event. */
export interface LogContext {
  requestId?: string;
  webhookEventId?: string;
  caseNumber?: string;
  job?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export const runWithContext = <T>(ctx: LogContext, fn: () => T): T =>
  storage.run({ ...storage.getStore(), ...ctx }, fn);

export const currentContext = (): LogContext => storage.getStore() ?? {};
