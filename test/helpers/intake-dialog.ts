import type { messagingApi } from '@line/bot-sdk';
import type { CaseRecord } from '../../src/cases/types';
import type { CaseStatus } from '../../src/cases/vocab';
import { INTAKE_DATA, parseIntakeData as parseTap } from '../../src/intake/steps';
import type { IntakeEffect, IntakeInput, SessionState, Step } from '../../src/intake/types';
import { renderSay } from '../../src/intake/views';
import { PHRAE_ADDRESS, PHRAE_PIN, SETTINGS, Talk } from './intake-talk';

/**
 * Conversations as tables, in the style of the BotBuilder samples' dialog tests: each scenario is a
 * list of turns `[what the person does, what they should get]`, run by `runDialog` on the pure
 * `decide`. A new step or a changed order is a change to the step graph plus a row here.
 */

/** What the person does in one turn. */
export type Act =
  | { typed: string }
  | { tap: string }
  | { pin: { lat: number; lng: number; address?: string } }
  | { photo: string }
  | { voice: string }
  | { sticker: true }
  | { follow: true }
  | { timeout: number };

export const typed = (text: string): Act => ({ typed: text });
/** A button: `tap('problem', 'income')` for an answer, `tap('i:cancel')` for raw postback data. */
export const tap = (stepOrData: Step | string, value?: string): Act => ({
  tap: value === undefined ? stepOrData : INTAKE_DATA.answer(stepOrData as Step, value),
});
export const pin = (p: { lat: number; lng: number; address?: string } = { ...PHRAE_PIN, address: PHRAE_ADDRESS }): Act => ({ pin: p });
export const photo = (id: string): Act => ({ photo: id });
export const voice = (id: string): Act => ({ voice: id });
export const sticker: Act = { sticker: true };

type EffectOf<K extends IntakeEffect['kind']> = Omit<Extract<IntakeEffect, { kind: K }>, 'kind'>;

/** What the person should get in that turn; only the fields given are checked. */
export interface Expect {
  /** The reply's messages as kinds, e.g. ['sosOpened', 'call', 'ask:sosPlace(followupIntro)']. */
  says?: string[];
  /** Words the rendered reply must contain. */
  reads?: string[];
  /** Words it must not contain. */
  never?: string[];
  /** Fields of the session after the turn. */
  state?: Partial<SessionState>;
  /** Fields of the session's answers after the turn. */
  answers?: Partial<SessionState['answers']>;
  /** Exactly these case effects (updateCase, addInfo, openCase), in order; [] means none. */
  updates?: EffectOf<'updateCase'>['patch'][];
  infos?: Omit<EffectOf<'addInfo'>, 'entryId'>[];
  opens?: number;
}

export type Turn = [Act, Expect];

export interface DialogOptions {
  /** The SOS case's status the service would look up during the follow-ups, per turn index. */
  caseStatus?: (turn: number) => CaseStatus | undefined;
  /** The person's open urgent case the service would find, per turn index. */
  openUrgentCase?: (turn: number) => string | undefined;
}

function inputOf(act: Act): { input: IntakeInput; afterMs?: number } {
  if ('typed' in act) return { input: { kind: 'text', text: act.typed } };
  if ('tap' in act) return { input: { kind: 'postback', action: parseTap(act.tap) } };
  if ('pin' in act) return { input: { kind: 'location', ...act.pin } };
  if ('photo' in act) return { input: { kind: 'media', messageId: act.photo, type: 'image' } };
  if ('voice' in act) return { input: { kind: 'media', messageId: act.voice, type: 'audio' } };
  if ('sticker' in act) return { input: { kind: 'other' } };
  if ('follow' in act) return { input: { kind: 'follow' } };
  return { input: { kind: 'timeout' }, afterMs: act.timeout };
}

/** All the words a person reads in a set of messages (texts, alt texts, button labels). */
export function wordsOf(messages: messagingApi.Message[]): string {
  const parts: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      for (const k of ['text', 'altText', 'label', 'uri']) if (typeof o[k] === 'string') parts.push(o[k] as string);
      Object.values(o).forEach(walk);
    }
  };
  walk(messages);
  return parts.join('\n');
}

/** Runs the turns in order on one conversation; a failing turn is named by its index and act. */
export function runDialog(turns: Turn[], opts: DialogOptions = {}): Talk {
  const t = new Talk();
  turns.forEach(([act, want], i) => {
    const { input, afterMs } = inputOf(act);
    t.caseStatus = opts.caseStatus?.(i);
    t.openUrgentCase = opts.openUrgentCase?.(i);
    t.send(input, afterMs);
    const effects = t.last.effects;
    const got: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    const turn = `turn ${i}: ${JSON.stringify(act)}`;
    if (want.says) {
      got.says = t.saidKinds;
      expected.says = want.says;
    }
    if (want.reads || want.never) {
      const opened = { caseNumber: t.state.caseNumber, urgent: true, status: 'new' } as Partial<CaseRecord> as CaseRecord;
      const words = effects
        .flatMap((e) => (e.kind === 'reply' || e.kind === 'push' ? [e.say] : []))
        .map((say) => wordsOf(renderSay(say, { state: t.state, province: SETTINGS.province, centerName: 'ศรส.จ.แพร่', timeoutMinutes: 30, opened })))
        .join('\n');
      got.reads = (want.reads ?? []).filter((w) => words.includes(w));
      expected.reads = want.reads ?? [];
      got.never = (want.never ?? []).filter((w) => words.includes(w));
      expected.never = [];
    }
    if (want.state) {
      got.state = Object.fromEntries(Object.keys(want.state).map((k) => [k, t.state[k as keyof SessionState]]));
      expected.state = want.state;
    }
    if (want.answers) {
      got.answers = Object.fromEntries(Object.keys(want.answers).map((k) => [k, t.state.answers[k as keyof SessionState['answers']]]));
      expected.answers = want.answers;
    }
    if (want.updates) {
      got.updates = effects.flatMap((e) => (e.kind === 'updateCase' ? [e.patch] : []));
      expected.updates = want.updates;
    }
    if (want.infos) {
      got.infos = effects.flatMap((e) => (e.kind === 'addInfo' ? [e] : [])).map(({ kind: _k, entryId: _e, ...rest }) => rest);
      expected.infos = want.infos;
    }
    if (want.opens !== undefined) {
      got.opens = effects.filter((e) => e.kind === 'openCase').length;
      expected.opens = want.opens;
    }
    expect({ turn, ...got }).toEqual({ turn, ...expected });
  });
  return t;
}
