import { provinceData } from '../../src/cases/geo';
import type { CaseStatus } from '../../src/cases/vocab';
import { applyOpened, decide, initialState, type IntakeEvent } from '../../src/intake/decide';
import { INTAKE_DATA, parseIntakeData as parse } from '../../src/intake/steps';
import type { Decision, IntakeEffect, IntakeInput, IntakeSettings, Say, SessionState, Step } from '../../src/intake/types';

/**
 * A pure conversation driver for unit tests: feeds inputs to `decide` the way the service does
 * (one event id per input, the clock moving forward, a case number applied after `openCase`), and
 * counts what the person had to do.
 */

export const SETTINGS: IntakeSettings = { timeoutMs: 30 * 60_000, timeoutMinutes: 30, province: provinceData('แพร่') };
export const T0 = new Date('2026-03-02T03:00:00Z');
/** LINE's address text for a pin in Mueang Phrae. */
export const PHRAE_ADDRESS = '123 ต.ในเวียง อ.เมืองแพร่ จ.แพร่ 54000 ประเทศไทย';
export const PHRAE_PIN = { lat: 18.1446, lng: 100.1403 };

export class Talk {
  state: SessionState;
  last!: Decision;
  taps = 0;
  pins = 0;
  typed = 0;
  now: Date;
  /** The SOS case's status the service would look up before deciding (follow-ups only). */
  caseStatus?: CaseStatus;
  /** The person's open urgent case the service would find before an event that may open one. */
  openUrgentCase?: string;
  private n = 0;
  private opened = 0;

  constructor(userId = 'U-talk', readonly settings: IntakeSettings = SETTINGS, start = T0) {
    this.state = initialState(userId);
    this.now = start;
  }

  /** Sends one input `afterMs` after the previous one. */
  send(input: IntakeInput, afterMs = 5_000, eventId = `E${++this.n}`): Decision {
    if (input.kind === 'postback') this.taps++;
    if (input.kind === 'location') this.pins++;
    if (input.kind === 'text') this.typed++;
    this.now = new Date(this.now.getTime() + afterMs);
    const ev: IntakeEvent = {
      eventId,
      input,
      ...(this.caseStatus ? { caseStatus: this.caseStatus } : {}),
      ...(this.openUrgentCase ? { openUrgentCase: this.openUrgentCase } : {}),
    };
    const d = decide(this.state, ev, this.now, this.settings);
    let state = d.state;
    for (const e of d.effects) {
      if (e.kind === 'openCase') state = applyOpened(state, `PHR-2569-${String(++this.opened).padStart(4, '0')}`);
    }
    this.last = d;
    this.state = state;
    return d;
  }

  tap(data: string, afterMs?: number) {
    return this.send({ kind: 'postback', action: parse(data) }, afterMs);
  }
  answer(step: Step, value: string, afterMs?: number) {
    return this.tap(INTAKE_DATA.answer(step, value), afterMs);
  }
  text(text: string, afterMs?: number) {
    return this.send({ kind: 'text', text }, afterMs);
  }
  pin(p: { lat: number; lng: number; address?: string } = { ...PHRAE_PIN, address: PHRAE_ADDRESS }, afterMs?: number) {
    return this.send({ kind: 'location', ...p }, afterMs);
  }
  confirm() {
    return this.tap(INTAKE_DATA.confirm(this.state.intakeId ?? 'none'));
  }

  /** What the last reply said. */
  get said(): Say[] {
    return this.last.effects.flatMap((e) => (e.kind === 'reply' ? e.say : []));
  }
  /** The kinds of the last reply's messages, e.g. ['call', 'ask:location']. */
  get saidKinds(): string[] {
    return this.said.map((s) => (s.t === 'ask' ? `ask:${s.step}${s.note ? `(${s.note.n})` : ''}` : s.t));
  }
  effects<K extends IntakeEffect['kind']>(kind: K): Extract<IntakeEffect, { kind: K }>[] {
    return this.last.effects.filter((e): e is Extract<IntakeEffect, { kind: K }> => e.kind === kind);
  }
}
