import { decideReroute, laterPlace, REROUTE_MAX, rerouteEntryId, type PlaceCenter } from '../../src/duty/reroute';
import type { Actor, CaseRecord, TimelineEntry } from '../../src/cases/types';
import type { CaseStatus } from '../../src/cases/vocab';

/** Re-routing by a later place, decided without I/O: when a case moves, when its group is only told, when nothing happens. */

const at = new Date('2026-12-01T03:00:00Z');
const reporter: Actor = { kind: 'reporter', id: 'U-r' };
const opened: TimelineEntry = { id: 'src:opened', at, kind: 'opened', actor: reporter, public: true };
const PHRAE: PlaceCenter = { province: 'แพร่', center: { code: 'PHR', name: 'ศรส. แพร่' } };
const pin = (over: Partial<TimelineEntry> = {}): TimelineEntry => ({
  id: 'ev-pin:info',
  at,
  kind: 'reporter_info',
  actor: reporter,
  public: true,
  location: { lat: 18.1446, lng: 100.1403, province: 'แพร่' },
  ...over,
});
const moved = (actor: Actor, i: number): TimelineEntry => ({
  id: `t${i}`,
  at,
  kind: 'transferred',
  actor,
  public: true,
  fromCenter: 'CMI',
  toCenter: 'NAN',
  text: 'ศรส. น่าน',
});
const caseOf = (status: CaseStatus = 'new', timeline: TimelineEntry[] = [opened], centerCode = 'CMI'): Pick<CaseRecord, 'centerCode' | 'status' | 'timeline'> => ({
  centerCode,
  status,
  timeline,
});

describe('a waiting case moves to the center serving the later place', () => {
  it('when a pin in Phrae reaches a waiting case of the fallback center, then it is transferred under an id from the pin’s entry', () => {
    expect(decideReroute(caseOf(), pin(), PHRAE)).toEqual({
      kind: 'transfer',
      entryId: 'ev-pin:info:reroute',
      action: { type: 'transfer', to: 'PHR', from: 'CMI', toName: 'ศรส. แพร่', province: 'แพร่' },
    });
  });

  it('when the place came from the SOS follow-ups (details_updated), then it moves the same way', () => {
    const d = decideReroute(caseOf(), pin({ id: 'ev-sos', kind: 'details_updated', public: false }), PHRAE);
    expect(d).toMatchObject({ kind: 'transfer', entryId: 'ev-sos:reroute' });
  });

  it('when a typed place (no pin) names a province another center serves, then it moves as the same place would route a new case', () => {
    const d = decideReroute(caseOf(), pin({ location: { address: 'หน้าวัด อ.ลอง จ.แพร่', province: 'แพร่' } }), PHRAE);
    expect(d.kind).toBe('transfer');
  });

  it('when the transfer for this pin is already on the case (a re-run), then the same transfer is returned, read from the case, whatever the case’s center is now', () => {
    const done: TimelineEntry = { ...moved({ kind: 'system' }, 0), id: rerouteEntryId('ev-pin:info'), toCenter: 'PHR', text: 'ศรส. แพร่', province: 'แพร่' };
    expect(decideReroute(caseOf('new', [opened, done], 'PHR'), pin(), PHRAE)).toEqual({
      kind: 'transfer',
      entryId: 'ev-pin:info:reroute',
      action: { type: 'transfer', to: 'PHR', from: 'CMI', toName: 'ศรส. แพร่', province: 'แพร่' },
    });
  });
});

describe('a case in hand, or moved by an officer, is only suggested', () => {
  it.each<CaseStatus>(['acknowledged', 'in_progress', 'referred'])('when the case is %s, then its group is told (one line), never moved', (status) => {
    expect(decideReroute(caseOf(status), pin(), PHRAE)).toEqual({ kind: 'suggest', reason: 'in_hand', province: 'แพร่', to: PHRAE.center });
  });

  it('when an officer moved the case before, then their decision stands: suggested', () => {
    expect(decideReroute(caseOf('new', [opened, moved({ kind: 'officer', id: 'U-o' }, 1)]), pin(), PHRAE)).toMatchObject({ kind: 'suggest', reason: 'moved_by_officer' });
  });

  it('when the admin API moved it, then the same', () => {
    expect(decideReroute(caseOf('new', [opened, moved({ kind: 'api', name: 'desk' }, 1)]), pin(), PHRAE)).toMatchObject({ kind: 'suggest', reason: 'moved_by_officer' });
  });

  it(`when it was re-routed ${REROUTE_MAX} times already (pins across a border), then the next is suggested; one fewer still moves`, () => {
    const times = (k: number) => Array.from({ length: k }, (_, i) => moved({ kind: 'system' }, i));
    expect(decideReroute(caseOf('new', [opened, ...times(REROUTE_MAX)]), pin(), PHRAE)).toMatchObject({ kind: 'suggest', reason: 'moved_often' });
    expect(decideReroute(caseOf('new', [opened, ...times(REROUTE_MAX - 1)]), pin(), PHRAE).kind).toBe('transfer');
  });
});

describe('nothing moves', () => {
  it('when the pin is in the province of the center the case has, then nothing', () => {
    expect(decideReroute(caseOf('new', [opened], 'PHR'), pin(), PHRAE)).toEqual({ kind: 'none', reason: 'same_center' });
  });

  it('when the pin is in no province or one no center serves, then nothing', () => {
    expect(decideReroute(caseOf(), pin(), undefined)).toEqual({ kind: 'none', reason: 'unserved' });
  });

  it('when the case is closed, then nothing (even in hand of nobody)', () => {
    expect(decideReroute(caseOf('closed'), pin(), PHRAE)).toEqual({ kind: 'none', reason: 'closed' });
  });

  it.each<[string, Partial<TimelineEntry>]>([
    ['words only', { location: undefined, text: 'ช่วยด้วย' }],
    ['an empty place', { location: {} }],
    ['an officer’s entry', { actor: { kind: 'officer', id: 'U-o' } }],
    ['another kind of entry', { kind: 'note' }],
  ])('when the entry carries %s, then nothing', (_what, over) => {
    expect(decideReroute(caseOf(), pin(over), PHRAE)).toEqual({ kind: 'none', reason: 'no_place' });
    expect(laterPlace(pin(over))).toBeUndefined();
  });
});
