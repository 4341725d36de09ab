import type { CaseAction } from '../cases/decide';
import type { Outcome } from '../cases/vocab';
import { OFFICER_ONLY, takeOutcome, type DutyCommand, type UsageKey } from './commands';

/**
 * What to do with one officer input, decided without I/O: the "do" layer (handle.ts) carries the
 * plan out and turns its results into messages. Inputs are the parsed command (typed or tapped),
 * where it came from, and the officer's pending step (a close waiting for its note), if any.
 */

/** A step an officer has started and finishes with their next message in the group. */
export interface PendingClose {
  kind: 'close';
  caseNumber: string;
  outcome?: Outcome;
  note?: string;
}
export type Pending = PendingClose;

/** How long a started step waits for the officer's next message. */
export const PENDING_TTL_MS = 15 * 60_000;

export type Say =
  | { kind: 'help' }
  | { kind: 'usage'; command: UsageKey }
  | { kind: 'unregistered' }
  | { kind: 'unattributed' }
  | { kind: 'private_refusal' }
  | { kind: 'private_enroll' }
  | { kind: 'cancelled' };

export type Question = 'agency' | 'outcome' | 'note' | 'types';

export type DutyPlan =
  /** Not for this feature (a 1:1 message that is not an officer command): let the next handler try. */
  | { kind: 'pass' }
  /** Ordinary chatter in a group: taken, no answer. */
  | { kind: 'ignore' }
  | { kind: 'say'; say: Say; clearPending?: boolean }
  | { kind: 'enroll'; code: string }
  | { kind: 'queue' }
  | { kind: 'show'; caseNumber: string }
  | { kind: 'details'; caseNumber: string; userId: string }
  | { kind: 'act'; caseNumber: string; action: CaseAction; userId: string; clearPending: boolean }
  /** Ask the officer for what is missing; `pending` is stored for their next message. */
  | { kind: 'ask'; caseNumber: string; question: Question; userId: string; pending?: Pending };

export interface DutyInput {
  /** A group/room chat, or the officer's 1:1 chat with the OA. */
  where: 'group' | 'user';
  /** The group is configured or registered as a duty (or escalation) group. */
  dutyGroup: boolean;
  userId?: string;
  /** True for postbacks with `d:` data, even when the data was not understood. */
  dutyPostback: boolean;
  command?: DutyCommand;
  /** The message text when the input is a text message (for a pending step). */
  text?: string;
  /** The officer's pending step, already checked to be unexpired. */
  pending?: Pending;
}

/** Commands that read nothing personal and change nothing: fine without knowing who asked. */
const ANONYMOUS_OK = new Set<DutyCommand['kind']>(['queue', 'help', 'show', 'usage', 'enroll']);

export function decideDutyInput(input: DutyInput): DutyPlan {
  const { command } = input;
  if (input.where === 'user') {
    if (command?.kind === 'enroll') return { kind: 'say', say: { kind: 'private_enroll' } };
    if (input.dutyPostback || (command && OFFICER_ONLY.has(command.kind))) {
      return { kind: 'say', say: { kind: 'private_refusal' } };
    }
    return { kind: 'pass' };
  }

  if (!command) {
    if (input.dutyPostback) return input.dutyGroup ? { kind: 'ignore' } : { kind: 'say', say: { kind: 'unregistered' } };
    if (input.dutyGroup && input.pending && input.userId && input.text?.trim()) {
      return continuePending(input.pending, input.text.trim(), input.userId);
    }
    return { kind: 'ignore' };
  }

  if (command.kind === 'enroll') return { kind: 'enroll', code: command.code };
  if (!input.dutyGroup) return { kind: 'say', say: { kind: 'unregistered' } };
  if (!input.userId && !ANONYMOUS_OK.has(command.kind)) return { kind: 'say', say: { kind: 'unattributed' } };
  const userId = input.userId ?? '';

  switch (command.kind) {
    case 'help':
      return { kind: 'say', say: { kind: 'help' } };
    case 'usage':
      return { kind: 'say', say: { kind: 'usage', command: command.command } };
    case 'cancel':
      return { kind: 'say', say: { kind: 'cancelled' }, clearPending: true };
    case 'queue':
      return { kind: 'queue' };
    case 'show':
      return { kind: 'show', caseNumber: command.caseNumber };
    case 'details':
      return { kind: 'details', caseNumber: command.caseNumber, userId };
    case 'ack':
      return act(command.caseNumber, { type: 'acknowledge' }, userId);
    case 'start':
      return act(command.caseNumber, { type: 'start' }, userId);
    case 'refer':
      return command.agency
        ? act(command.caseNumber, { type: 'refer', agency: command.agency }, userId)
        : { kind: 'ask', caseNumber: command.caseNumber, question: 'agency', userId };
    case 'close':
      return decideClose(command.caseNumber, command.outcome, command.note, input.pending, userId);
    case 'note':
      return act(command.caseNumber, { type: 'note', text: command.text }, userId);
    case 'relay':
      return act(command.caseNumber, { type: 'relay', text: command.text }, userId);
    case 'types':
      return command.problemTypes.length
        ? act(command.caseNumber, { type: 'add_problem_types', problemTypes: command.problemTypes }, userId)
        : { kind: 'ask', caseNumber: command.caseNumber, question: 'types', userId };
  }
}

const act = (caseNumber: string, action: CaseAction, userId: string, clearPending = false): DutyPlan => ({
  kind: 'act',
  caseNumber,
  action,
  userId,
  clearPending,
});

/** A close needs an outcome and a note; whichever is missing is asked for and the rest remembered. */
function decideClose(
  caseNumber: string,
  outcome: Outcome | undefined,
  note: string | undefined,
  pending: Pending | undefined,
  userId: string,
): DutyPlan {
  const earlier = pending?.kind === 'close' && pending.caseNumber === caseNumber ? pending : undefined;
  const o = outcome ?? earlier?.outcome;
  const n = note ?? earlier?.note;
  if (o && n) return act(caseNumber, { type: 'close', outcome: o, note: n }, userId, !!earlier);
  const next: Pending = { kind: 'close', caseNumber, ...(o ? { outcome: o } : {}), ...(n ? { note: n } : {}) };
  return { kind: 'ask', caseNumber, question: o ? 'note' : 'outcome', userId, pending: next };
}

/** The officer's next plain message finishes the step they started. */
function continuePending(p: Pending, text: string, userId: string): DutyPlan {
  if (p.outcome) return act(p.caseNumber, { type: 'close', outcome: p.outcome, note: text }, userId, true);
  // Waiting for an outcome: only an outcome word counts; anything else is chatter.
  const o = takeOutcome(text);
  if (!o) return { kind: 'ignore' };
  const note = o.rest || p.note;
  if (!note) return { kind: 'ask', caseNumber: p.caseNumber, question: 'note', userId, pending: { ...p, outcome: o.outcome } };
  return act(p.caseNumber, { type: 'close', outcome: o.outcome, note }, userId, true);
}
