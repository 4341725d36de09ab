/** Durable timers: due times live in MongoDB and are claimed with a lease, so each fires once. */
export interface TimerSpec {
  /** Deterministic (e.g. `escalate:PHR-2569-0001:1`): scheduling the same id again changes nothing. */
  id: string;
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

export type TimerHandler = (payload: Record<string, unknown>, timer: { id: string; dueAt: Date; now: Date }) => Promise<void>;

export interface Timers {
  schedule(t: TimerSpec): Promise<void>;
  cancel(id: string): Promise<void>;
  /** Registers the handler for a kind. A failing handler is retried with backoff. */
  handle(kind: string, handler: TimerHandler): void;
}
