import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';

/**
 * Per-reporter conversation state of the updates feature, in MongoDB (collection `reporter_states`)
 * so that any instance can take a user's next event. `recentEventIds` makes applying an event
 * idempotent: an event already applied is recognised and not applied again.
 */

const attachment = z.object({
  messageId: z.string().min(1),
  type: z.enum(['image', 'audio', 'video', 'file']),
  duration: z.number().positive().optional(),
});

const location = z.object({
  lat: z.number().optional(),
  lng: z.number().optional(),
  address: z.string().optional(),
  district: z.string().optional(),
  districtCode: z.string().optional(),
  province: z.string().optional(),
  outOfProvince: z.boolean().optional(),
});

export const pendingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('comment'), caseNumber: z.string(), since: z.coerce.date() }),
  z.object({ kind: z.literal('reopen'), caseNumber: z.string(), since: z.coerce.date() }),
  z.object({
    kind: z.literal('which_case'),
    since: z.coerce.date(),
    caseNumbers: z.array(z.string()).min(1),
    texts: z.array(z.string()),
    attachments: z.array(attachment),
    /** The newest pin sent while the question is open. */
    location: location.optional(),
  }),
]);
export type Pending = z.infer<typeof pendingSchema>;

/** How many applied event ids are remembered: the dispatcher keeps a user's events in order, so a redelivery is recent. */
const RECENT_EVENTS = 20;

interface ReporterStateRecord {
  _id: string;
  pending?: unknown;
  recentEventIds: string[];
  updatedAt: Date;
  savedAt?: Date;
}

const schema = new Schema<ReporterStateRecord>(
  {
    _id: { type: String, required: true },
    // Validated with zod on read: what is stored may predate a change of shape.
    pending: Schema.Types.Mixed,
    recentEventIds: { type: [String], default: [] },
    updatedAt: Date,
    /** Wall-clock time of the last save (event times may lag); what retention counts from. */
    savedAt: Date,
  },
  { collection: 'reporter_states', versionKey: false, minimize: false },
);
// Least data kept: a pending question (and the words waiting with it) untouched for 30 days is deleted.
schema.index({ savedAt: 1 }, { expireAfterSeconds: 30 * 24 * 3600 });

type ReporterStateModel = Model<ReporterStateRecord>;
const reporterStateModel = (conn: Connection): ReporterStateModel =>
  (conn.models.ReporterState as ReporterStateModel | undefined) ??
  conn.model<ReporterStateRecord>('ReporterState', schema);

export interface ReporterState {
  pending?: Pending;
  recentEventIds: string[];
}

export interface ReporterStateStore {
  load(userId: string): Promise<ReporterState>;
  /** Saves the pending state; with `eventId`, also records that event as applied. */
  save(userId: string, pending: Pending | undefined, now: Date, eventId?: string): Promise<void>;
}

export function createReporterStateStore(conn: Connection): ReporterStateStore {
  const State = reporterStateModel(conn);
  return {
    async load(userId) {
      const doc = await State.findById(userId).lean<ReporterStateRecord>();
      if (!doc) return { recentEventIds: [] };
      const parsed = doc.pending == null ? undefined : pendingSchema.safeParse(doc.pending);
      return { pending: parsed?.success ? parsed.data : undefined, recentEventIds: doc.recentEventIds ?? [] };
    },
    async save(userId, pending, now, eventId) {
      const update: Record<string, unknown> = {
        $set: { pending: pending ?? null, updatedAt: now, savedAt: new Date() },
      };
      if (eventId) update.$push = { recentEventIds: { $each: [eventId], $slice: -RECENT_EVENTS } };
      await State.updateOne({ _id: userId }, update, { upsert: true });
    },
  };
}
