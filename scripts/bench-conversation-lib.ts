import type { messagingApi } from '@line/bot-sdk';
import type { LineEmulator } from '../src/sandbox/line-emulator';
import { PROBLEM_TYPE_SHORT, SEX_LABELS, TARGET_GROUP_LABELS } from '../src/cases/vocab';
import { INTAKE_TH } from '../src/strings/th/intake';

/**
 * The parts of the conversation benchmark that are plain data and arithmetic: the reporter's script,
 * how MongoDB commands are classified, percentiles and the fairness measure. Kept apart from the
 * processes and sockets so they can be checked by unit tests.
 */

export const BENCH_SECRET = 'bench-conversation-secret';
export const BENCH_TOKEN = 'bench-conversation-token';
export const BENCH_DUTY_GROUP = `Cbench${'0'.repeat(26)}1`;

/** A pin in Mueang Phrae, with the address text LINE sends with it. */
export const BENCH_PIN = { latitude: 18.1446, longitude: 100.1403, address: '123 ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย' };

// ---------------------------------------------------------------------------------------------
// The reporter's script

export type Act = { kind: 'postback'; data: string } | { kind: 'text'; text: string } | { kind: 'pin' };

/** How a button is recognised in what the bot showed: by its label, or by its postback data prefix. */
export type Button = { label: string } | { dataPrefix: string };

export interface ScriptStep {
  name: string;
  /** The button to tap among the messages the previous answer showed; undefined: an act that needs no button. */
  button?: Button;
  /** What the step sends when nothing was shown to choose from (rich menu tap, pin), and to the echo bot. */
  blind: Act;
}

/**
 * One whole report, as a person taps it: rich menu แจ้งเหตุ → problem type → pin → who needs help →
 * sex → details ข้าม → contact ข้าม → ยืนยัน. A non-urgent problem type, so every step is one answer.
 */
export const REPORT_SCRIPT: readonly ScriptStep[] = [
  { name: 'start', blind: { kind: 'postback', data: 'i:start' } },
  { name: 'problem', button: { label: PROBLEM_TYPE_SHORT.income }, blind: { kind: 'postback', data: 'i:a:problem:income' } },
  { name: 'pin', blind: { kind: 'pin' } },
  { name: 'target', button: { label: TARGET_GROUP_LABELS.elderly }, blind: { kind: 'postback', data: 'i:a:target:elderly' } },
  { name: 'sex', button: { label: SEX_LABELS.female }, blind: { kind: 'postback', data: 'i:a:sex:female' } },
  { name: 'details', button: { label: INTAKE_TH.btnSkip }, blind: { kind: 'postback', data: 'i:a:details:skip' } },
  { name: 'contact', button: { label: INTAKE_TH.btnSkip }, blind: { kind: 'postback', data: 'i:a:phone:skip' } },
  { name: 'confirm', button: { dataPrefix: 'i:ok:' }, blind: { kind: 'postback', data: 'i:ok:echo' } },
];

/** What a confirmed report answers with: its case number (e.g. PHR-2569-0001). */
export const CASE_NUMBER_SEEN = /\b[A-Z]{2,6}-\d{4}-\d{4,}\b/;

/**
 * Whether any message shown carries a case number. Newest first: the confirm's answer is last, so
 * the conversation's earlier messages (flex cards) are not serialised once per report for nothing.
 */
export function caseNumberShown(shown: readonly messagingApi.Message[]): boolean {
  for (let i = shown.length - 1; i >= 0; i--) if (CASE_NUMBER_SEEN.test(JSON.stringify(shown[i]))) return true;
  return false;
}

type Action = messagingApi.Action;

/** Every action (quick reply, flex or template button) inside a message, in document order. */
export function actionsIn(node: unknown, out: Action[] = []): Action[] {
  if (Array.isArray(node)) {
    for (const n of node) actionsIn(n, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.action && typeof o.action === 'object' && 'type' in (o.action as object)) out.push(o.action as Action);
    for (const [k, v] of Object.entries(o)) if (k !== 'action') actionsIn(v, out);
  }
  return out;
}

/** The act of tapping `button` in the messages shown (newest first), or undefined when it was not shown. */
export function tapIn(shown: readonly messagingApi.Message[], button: Button): Act | undefined {
  const fits = (a: Action) =>
    'label' in button
      ? 'label' in a && a.label === button.label
      : a.type === 'postback' && typeof a.data === 'string' && a.data.startsWith(button.dataPrefix);
  for (let i = shown.length - 1; i >= 0; i--) {
    const a = actionsIn(shown[i]).find(fits);
    if (a?.type === 'postback' && a.data) return { kind: 'postback', data: a.data };
    if (a?.type === 'message' && a.text) return { kind: 'text', text: a.text };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// MongoDB commands, as the driver's command monitoring reports them

export interface CommandCounts {
  total: number;
  /** Work: everything but the background below. */
  work: number;
  /** Queue polls (the `$group` by key over due items), the notification sweep and the instance heartbeat: they run with no traffic too. */
  background: number;
  /** `<collection> <command>` → count (background ones prefixed "bg:"). */
  byTarget: Record<string, number>;
}

const NAMESPACED = new Set(['find', 'insert', 'update', 'delete', 'findAndModify', 'aggregate', 'count', 'distinct', 'createIndexes', 'listIndexes', 'create']);

export function commandTarget(name: string, cmd: Record<string, unknown>): { target: string; background: boolean } {
  const coll = NAMESPACED.has(name) && typeof cmd[name] === 'string' ? (cmd[name] as string) : name === 'getMore' && typeof cmd.collection === 'string' ? cmd.collection : '-';
  const pipeline = Array.isArray(cmd.pipeline) ? (cmd.pipeline as Array<Record<string, unknown>>) : [];
  const poll = name === 'aggregate' && pipeline.some((s) => (s.$group as { _id?: unknown } | undefined)?._id === '$key');
  const sweep = name === 'find' && coll === 'cases' && !!cmd.filter && typeof cmd.filter === 'object' && 'pendingNotify' in (cmd.filter as object);
  // The heartbeat (liveness.ts) beats once a second whatever the traffic: not a step's work.
  const heartbeat = name === 'update' && coll === 'instances';
  return { target: `${coll} ${name}`, background: poll || sweep || heartbeat };
}

const keys = (o: unknown) => (o instanceof Map ? [...o.keys()].join(',') : o && typeof o === 'object' ? Object.keys(o).join(',') : '');

/** A command's shape without its values (no personal data): which fields it filters on and which operators it writes. */
export function commandShape(name: string, cmd: Record<string, unknown>): string {
  const first = (k: string) => (Array.isArray(cmd[k]) ? (cmd[k] as Array<Record<string, unknown>>)[0] : undefined);
  switch (name) {
    case 'find':
      return `{${keys(cmd.filter)}}${cmd.sort ? ` sort {${keys(cmd.sort)}}` : ''}${cmd.limit ? ` limit ${String(cmd.limit)}` : ''}`;
    case 'update': {
      const u = first('updates');
      const ops = u && typeof u.u === 'object' && u.u && Object.keys(u.u).every((k) => k.startsWith('$')) ? keys(u.u) : 'replacement';
      const n = Array.isArray(cmd.updates) ? cmd.updates.length : 0;
      return `{${keys(u?.q)}} ${ops}${u?.upsert ? ' upsert' : ''}${n > 1 ? ` ×${n}` : ''}`;
    }
    case 'delete':
      return `{${keys(first('deletes')?.q)}}`;
    case 'insert':
      return `${Array.isArray(cmd.documents) ? cmd.documents.length : 0} doc(s)`;
    case 'findAndModify':
      return `{${keys(cmd.query)}} ${keys(cmd.update)}${cmd.upsert ? ' upsert' : ''}`;
    case 'aggregate':
      return Array.isArray(cmd.pipeline) ? cmd.pipeline.map((st) => keys(st)).join(' ') : '';
    default:
      return '';
  }
}

export class CommandCounter {
  private counts: CommandCounts = { total: 0, work: 0, background: 0, byTarget: {} };
  private traced: string[] = [];

  /** The work commands since the last call, in order, by target and shape (bounded). */
  takeTrace(): string[] {
    const t = this.traced;
    this.traced = [];
    return t;
  }

  add(name: string, cmd: Record<string, unknown>): void {
    const { target, background } = commandTarget(name, cmd);
    if (!background && this.traced.length < 500) this.traced.push(`${target} ${commandShape(name, cmd)}`);
    const key = background ? `bg:${target}` : target;
    const c = this.counts;
    c.total++;
    if (background) c.background++;
    else c.work++;
    c.byTarget[key] = (c.byTarget[key] ?? 0) + 1;
  }

  snapshot(): CommandCounts {
    return { ...this.counts, byTarget: { ...this.counts.byTarget } };
  }
}

export function diffCounts(after: CommandCounts, before: CommandCounts): CommandCounts {
  const byTarget: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.byTarget)) {
    const d = v - (before.byTarget[k] ?? 0);
    if (d) byTarget[k] = d;
  }
  return { total: after.total - before.total, work: after.work - before.work, background: after.background - before.background, byTarget };
}

// ---------------------------------------------------------------------------------------------
// Figures

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export interface StepRecord {
  reporter: number;
  /** When the step was sent and when its answer arrived (ms, any common clock). */
  sent: number;
  answered: number;
}

export interface Fairness {
  /** The most whole steps one other reporter sent and got answered while one step of another waited. */
  maxOvertakes: number;
  /** Steps during whose wait some other reporter got two or more whole steps sent and answered. */
  overtaken: number;
  /** The longest wait among those overtaken steps (ms): a reporter left waiting while others moved on. */
  maxUnfairWaitMs: number;
}

/**
 * Fairness as the issue words it: nobody should wait while another reporter's LATER steps are
 * served. Another reporter's step that was sent after mine and answered before mine overtook me.
 * One overtaking step per other reporter is normal with work in parallel (theirs was simply
 * quicker); two or more means that reporter went round twice while I waited. Each reporter's steps
 * are sequential, so for each step and each other reporter the overtaking steps are a contiguous
 * run found by binary search.
 */
export function fairness(steps: readonly StepRecord[]): Fairness {
  const most = overtakes(steps);
  let maxOvertakes = 0;
  let overtaken = 0;
  let maxUnfairWaitMs = 0;
  steps.forEach((s, i) => {
    maxOvertakes = Math.max(maxOvertakes, most[i]);
    if (most[i] >= 2) {
      overtaken++;
      maxUnfairWaitMs = Math.max(maxUnfairWaitMs, s.answered - s.sent);
    }
  });
  return { maxOvertakes, overtaken, maxUnfairWaitMs };
}

/** For each step (same order), the most whole steps one other reporter sent and got answered while it waited. */
export function overtakes(steps: readonly StepRecord[]): number[] {
  const by = new Map<number, StepRecord[]>();
  for (const s of steps) {
    const list = by.get(s.reporter) ?? [];
    list.push(s);
    by.set(s.reporter, list);
  }
  const lists = [...by.entries()].map(([r, l]) => [r, [...l].sort((a, b) => a.sent - b.sent)] as const);
  return steps.map((s) => {
    let most = 0;
    for (const [r, l] of lists) {
      if (r === s.reporter) continue;
      let lo = 0;
      let hi = l.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((l[mid] as StepRecord).sent > s.sent) hi = mid;
        else lo = mid + 1;
      }
      let n = 0;
      while (lo + n < l.length && (l[lo + n] as StepRecord).answered < s.answered) n++;
      if (n > most) most = n;
    }
    return most;
  });
}

/** Deliveries per chat, as they arrive at the emulator; a reporter waits on its own chat. */
export class Inboxes {
  private seen = new Map<string, messagingApi.Message[]>();
  private waiters = new Map<string, () => void>();

  constructor(emulator: LineEmulator) {
    emulator.onDelivery((d) => {
      const list = this.seen.get(d.to);
      if (!list) return; // not a reporter in a conversation (the duty group, a finished one)
      list.push(...d.messages);
      const w = this.waiters.get(d.to);
      if (w) {
        this.waiters.delete(d.to);
        w();
      }
    });
  }

  open(userId: string) {
    this.seen.set(userId, []);
  }
  /** Forgets a chat (a finished or quiet reporter): the driver must not grow with the conversations. */
  close(userId: string) {
    this.seen.delete(userId);
    this.waiters.delete(userId);
  }
  /** Every message shown in this chat so far. */
  shown(userId: string): messagingApi.Message[] {
    return this.seen.get(userId) ?? [];
  }
  /** Resolves true when a delivery arrives after `count` messages, false after the timeout. */
  next(userId: string, count: number, timeoutMs: number): Promise<boolean> {
    if ((this.seen.get(userId)?.length ?? 0) > count) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiters.delete(userId);
        resolve(false);
      }, timeoutMs);
      this.waiters.set(userId, () => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }
}
