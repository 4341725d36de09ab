import { Schema, type Connection, type Model } from 'mongoose';
import type { Logger } from '../log/logger';
import { safeErrorText } from './safe-error';

/**
 * How one instance learns, within seconds, that another is gone (killed, frozen, cut off from the
 * database), so that it can take over the gone instance's claims instead of waiting for them to run out.
 *
 * Every instance writes a heartbeat document `{ _id: owner, beat }` every `beatMs`; `beat` is a counter,
 * not a time. An owner is judged gone when its document is missing (it stopped cleanly and said so)
 * or when its counter has not moved while this instance saw at least `minOwnBeats` of its own
 * heartbeats succeed and `goneAfterMs` pass on its own clock. No clocks are compared across machines,
 * and a pause that stops everyone alike (a database stall, a frozen test process) does not make
 * anyone look gone: the judge must itself have been beating all along.
 *
 * A wrong verdict (a very slow but live instance) costs at most an item processed twice, which every
 * queue tolerates (deterministic ids; the live instance notices its lost claim when renewing it and stops draining).
 */

interface BeatDoc {
  _id: string;
  beat: number;
  at: Date;
}

export function heartbeatModel(conn: Connection): Model<BeatDoc> {
  if (conn.models.InstanceHeartbeat) return conn.models.InstanceHeartbeat as Model<BeatDoc>;
  const schema = new Schema<BeatDoc>({ _id: String, beat: Number, at: Date }, { collection: 'instances', versionKey: false, _id: false });
  // Documents of instances that died are not needed after a day.
  schema.index({ at: 1 }, { expireAfterSeconds: 24 * 3600 });
  return conn.model<BeatDoc>('InstanceHeartbeat', schema);
}

export interface Liveness {
  readonly owner: string;
  /** Whether `owner` has stopped beating (see above). Never true for this instance itself. */
  isGone(owner: string): Promise<boolean>;
  /** Writes the first heartbeat, then keeps beating. */
  start(): Promise<void>;
  /** Clean stop: removes the document, so other instances may take over at once. */
  stop(): Promise<void>;
  /** Stops beating without a word, as a killed process would (tests and tools). */
  halt(): void;
}

export interface LivenessOptions {
  conn: Connection;
  owner: string;
  logger: Logger;
  beatMs?: number;
  goneAfterMs?: number;
  minOwnBeats?: number;
}

export function createLiveness(o: LivenessOptions): Liveness {
  const beats = heartbeatModel(o.conn);
  const beatMs = o.beatMs ?? 1000;
  const goneAfterMs = o.goneAfterMs ?? 4000;
  const minOwnBeats = o.minOwnBeats ?? 3;
  let ownBeats = 0;
  let counter = 0;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  /** What this instance saw of others: their counter, when (own clock) and at which own beat it last moved. */
  const seen = new Map<string, { beat: number; since: number; ownBeatsThen: number }>();
  /** Verdicts are reused briefly: many keys of one owner are checked in the same poll. */
  const verdicts = new Map<string, { at: number; gone: Promise<boolean> }>();
  const VERDICT_MS = Math.min(250, beatMs / 2);

  async function judge(owner: string): Promise<boolean> {
    const doc = await beats.findById(owner).lean<BeatDoc>();
    const now = Date.now();
    if (!doc) {
      seen.delete(owner);
      return true;
    }
    const s = seen.get(owner);
    if (!s || s.beat !== doc.beat) {
      seen.set(owner, { beat: doc.beat, since: now, ownBeatsThen: ownBeats });
      if (seen.size > 1000) seen.delete(seen.keys().next().value as string);
      return false;
    }
    return now - s.since >= goneAfterMs && ownBeats - s.ownBeatsThen >= minOwnBeats;
  }

  async function beat(): Promise<void> {
    counter += 1;
    await beats.updateOne({ _id: o.owner }, { $set: { beat: counter, at: new Date() } }, { upsert: true });
    ownBeats += 1;
  }

  function schedule() {
    if (!running) return;
    timer = setTimeout(() => {
      beat()
        .catch((err: unknown) => o.logger.warn('heartbeat failed', { error: safeErrorText(err) }))
        .finally(schedule);
    }, beatMs);
    timer.unref();
  }

  return {
    owner: o.owner,
    async isGone(owner) {
      if (owner === o.owner) return false;
      const now = Date.now();
      const v = verdicts.get(owner);
      if (v && now - v.at < VERDICT_MS) return v.gone;
      const gone = judge(owner);
      verdicts.set(owner, { at: now, gone: gone.catch(() => false) });
      if (verdicts.size > 1000) verdicts.delete(verdicts.keys().next().value as string);
      return gone;
    },
    async start() {
      if (running) return;
      running = true;
      await beat();
      schedule();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await beats.deleteOne({ _id: o.owner }).catch(() => undefined);
    },
    halt() {
      running = false;
      clearTimeout(timer);
    },
  };
}
