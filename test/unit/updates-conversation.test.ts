import { checkMessages } from '../../src/line/limits';
import {
  activePending,
  decide,
  factsNeeded,
  interpret,
  type Facts,
  type Intent,
  type OpenCase,
  type ReporterInput,
} from '../../src/updates/decide';
import type { Pending } from '../../src/updates/store';
import { caseRecord, quickReplyData, readable } from '../helpers/updates-fakes';

const ME = 'Ureporter000000000000000000000001';
const now = new Date('2026-01-10T05:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const timeouts = { pendingMs: 30 * 60_000, whichCaseMs: 10 * 60_000 };
const text = (t: string): ReporterInput => ({ kind: 'text', text: t });
const normal = (caseNumber: string): OpenCase => ({ caseNumber, urgent: false, status: 'new' });
const image: ReporterInput = { kind: 'media', attachment: { messageId: '5001', type: 'image' } };
const pb = (data: string): ReporterInput => ({ kind: 'postback', data });

const comment: Pending = { kind: 'comment', caseNumber: 'PHR-2569-0001', since: minutesAgo(1) };
const reopen: Pending = { kind: 'reopen', caseNumber: 'PHR-2569-0001', since: minutesAgo(1) };
const whichCase: Pending = {
  kind: 'which_case',
  caseNumbers: ['PHR-2569-0002', 'PHR-2569-0001'],
  since: minutesAgo(1),
  texts: ['ตอนนี้คุณยายไม่สบายอีกแล้ว'],
  attachments: [],
};

describe('interpret', () => {
  it.each<[string, ReporterInput, Pending | undefined, Intent]>([
    ['"ติดตามเรื่อง"', text('ติดตามเรื่อง'), undefined, { kind: 'track' }],
    ['"ติดตาม เรื่อง" with a space', text(' ติดตาม เรื่อง '), undefined, { kind: 'track' }],
    ['the rich menu postback', pb('u:track'), undefined, { kind: 'track' }],
    ['a typed number', text('phr ๒๕๖๙ ๑'), undefined, { kind: 'view', caseNumber: 'PHR-2569-0001' }],
    ['"ติดตามเรื่อง" with a number', text('ติดตามเรื่อง PHR-2569-0007'), undefined, { kind: 'view', caseNumber: 'PHR-2569-0007' }],
    ['a rating', pb('u:rate:PHR-2569-0001:4'), undefined, { kind: 'rate', caseNumber: 'PHR-2569-0001', score: 4 }],
    ['a rating out of range', pb('u:rate:PHR-2569-0001:9'), undefined, { kind: 'unknown' }],
    ['a forged case number', pb('u:reopen:PHR-2569-0001:x'), undefined, { kind: 'unknown' }],
    ['"not helped yet"', pb('u:reopen:PHR-2569-0001'), undefined, { kind: 'reopen', caseNumber: 'PHR-2569-0001' }],
    ['a comment', text('บริการดีมาก'), comment, { kind: 'comment', caseNumber: 'PHR-2569-0001', text: 'บริการดีมาก' }],
    ['"ข้าม" a comment', text('ข้าม'), comment, { kind: 'comment', caseNumber: 'PHR-2569-0001', text: undefined }],
    ['the words for reopening', text('ยังไม่มีใครมา'), reopen, { kind: 'reopen_words', caseNumber: 'PHR-2569-0001', text: 'ยังไม่มีใครมา' }],
    [
      'a photo for reopening',
      image,
      reopen,
      { kind: 'reopen_words', caseNumber: 'PHR-2569-0001', attachment: { messageId: '5001', type: 'image' } },
    ],
    ['a photo while a comment is awaited', image, comment, { kind: 'message', attachment: { messageId: '5001', type: 'image' } }],
    ['free text', text('สวัสดีค่ะ'), undefined, { kind: 'message', text: 'สวัสดีค่ะ' }],
    ['"not helped yet" typed instead of tapped', text('ยังไม่ได้รับความช่วยเหลือ'), undefined, { kind: 'reopen_latest' }],
    ['"not helped yet" typed as the comment', text('ยังไม่ได้รับความช่วยเหลือ'), comment, { kind: 'comment', caseNumber: 'PHR-2569-0001', text: 'ยังไม่ได้รับความช่วยเหลือ' }],
  ])('when the reporter sends %s, then it reads as the right intent', (_, input, pending, intent) => {
    expect(interpret(input, pending)).toEqual(intent);
  });
});

describe('activePending', () => {
  it('when a comment was asked for within the session timeout, then it is still awaited', () => {
    expect(activePending({ ...comment, since: minutesAgo(29) }, now, timeouts)).toBeDefined();
  });

  it('when a comment was asked for longer ago than the session timeout, then it is no longer awaited', () => {
    expect(activePending({ ...comment, since: minutesAgo(31) }, now, timeouts)).toBeUndefined();
  });

  it('when a "which case?" question is older than its window, then a new message starts a new one', () => {
    expect(activePending({ ...whichCase, since: minutesAgo(11) }, now, timeouts)).toBeUndefined();
  });
});

describe('decide', () => {
  const mine = caseRecord({ caseNumber: 'PHR-2569-0001', status: 'closed' });
  const theirs = caseRecord({ caseNumber: 'PHR-2569-0009', reporterUserId: 'Uother00000000000000000000000002' });
  const run = (intent: Intent, pending: Pending | undefined, facts: Facts = {}) => decide(intent, pending, facts, ME, now);

  it('when a typed number is another reporter\'s case, then the answer equals the one for an unknown number', () => {
    const other = run({ kind: 'view', caseNumber: 'PHR-2569-0009' }, undefined, { case: theirs });
    const unknown = run({ kind: 'view', caseNumber: 'PHR-2569-0404' }, undefined, { case: null });
    expect(other.reply).toEqual(unknown.reply);
  });

  it('when a typed number is the reporter\'s own case, then its status bubble is shown', () => {
    const d = run({ kind: 'view', caseNumber: 'PHR-2569-0001' }, undefined, { case: mine });
    expect(readable(d.reply[0]!)).toEqual(expect.stringContaining('PHR-2569-0001'));
  });

  it('when someone rates another reporter\'s case, then nothing is recorded', () => {
    const d = run({ kind: 'rate', caseNumber: 'PHR-2569-0009', score: 1 }, undefined, { case: theirs });
    expect(d.acts).toEqual([]);
  });

  it('when the reporter rates their case, then the score is recorded and a comment is awaited', () => {
    const d = run({ kind: 'rate', caseNumber: 'PHR-2569-0001', score: 4 }, undefined, { case: mine });
    expect({ acts: d.acts, pending: d.pending }).toEqual({
      acts: [{ caseNumber: 'PHR-2569-0001', action: { type: 'rate', score: 4 }, key: 'rate' }],
      pending: { kind: 'comment', caseNumber: 'PHR-2569-0001', since: now },
    });
  });

  it('when the rating is refused, then no comment is awaited', () => {
    const d = run({ kind: 'rate', caseNumber: 'PHR-2569-0001', score: 4 }, undefined, { case: mine });
    expect(d.pendingIfRefused).toBeUndefined();
  });

  it('when the reporter writes a comment, then it is recorded and the wait ends', () => {
    const d = run({ kind: 'comment', caseNumber: 'PHR-2569-0001', text: 'ขอบคุณมาก' }, comment);
    expect({ acts: d.acts, pending: d.pending }).toEqual({
      acts: [{ caseNumber: 'PHR-2569-0001', action: { type: 'comment', text: 'ขอบคุณมาก' }, key: 'comment' }],
      pending: undefined,
    });
  });

  it('when the reporter skips the comment, then nothing is recorded', () => {
    expect(run({ kind: 'comment', caseNumber: 'PHR-2569-0001' }, comment).acts).toEqual([]);
  });

  it('when the reporter says "not helped yet", then words are asked for before reopening', () => {
    const d = run({ kind: 'reopen', caseNumber: 'PHR-2569-0001' }, undefined, { case: mine });
    expect({ acts: d.acts, pending: d.pending }).toEqual({
      acts: [],
      pending: { kind: 'reopen', caseNumber: 'PHR-2569-0001', since: now },
    });
  });

  it('when the words come, then the case is reopened with them', () => {
    const d = run({ kind: 'reopen_words', caseNumber: 'PHR-2569-0001', text: 'ยังไม่มีใครมา' }, reopen);
    expect(d.acts).toEqual([{ caseNumber: 'PHR-2569-0001', action: { type: 'reopen', text: 'ยังไม่มีใครมา' }, key: 'reopen' }]);
  });

  it('when a photo comes instead of words, then the case is reopened and the photo added as information', () => {
    const attachment = { messageId: '5001', type: 'image' as const };
    const d = run({ kind: 'reopen_words', caseNumber: 'PHR-2569-0001', attachment }, reopen);
    expect(d.acts.map((a) => a.action)).toEqual([{ type: 'reopen', text: undefined }, { type: 'reporter_info', attachments: [attachment] }]);
  });

  it('when "not helped yet" is typed and the latest closed case is the reporter\'s, then words are asked for before reopening it', () => {
    const closed = { ...mine, status: 'closed' as const };
    expect(factsNeeded({ kind: 'reopen_latest' }, undefined)).toEqual({ kind: 'latest_closed' });
    const d = run({ kind: 'reopen_latest' }, undefined, { case: closed });
    expect(d.pending).toEqual({ kind: 'reopen', caseNumber: closed.caseNumber, since: now });
  });

  it('when "not helped yet" is typed and there is no closed case, then it is not taken (the main menu answers)', () => {
    expect(run({ kind: 'reopen_latest' }, undefined, { case: null }).handled).toBe(false);
  });

  it('when someone says "not helped yet" about another reporter\'s case, then they get "not found"', () => {
    const d = run({ kind: 'reopen', caseNumber: 'PHR-2569-0009' }, undefined, { case: theirs });
    expect(d.reply).toEqual(run({ kind: 'view', caseNumber: 'PHR-2569-0404' }, undefined, { case: null }).reply);
  });

  it('when a reporter with several open cases writes, then they are asked which case it is about', () => {
    const d = run({ kind: 'message', text: 'มีเพิ่มเติมค่ะ' }, undefined, { openCases: [normal('PHR-2569-0002'), normal('PHR-2569-0001')] });
    expect(quickReplyData(d.reply[0]!)).toEqual(['u:about:PHR-2569-0002', 'u:about:PHR-2569-0001', 'i:start', 'u:about:none']);
  });

  it('when a reporter with several open cases writes, then the message waits for the answer', () => {
    const d = run({ kind: 'message', text: 'มีเพิ่มเติมค่ะ' }, undefined, { openCases: [normal('PHR-2569-0002'), normal('PHR-2569-0001')] });
    expect(d.pending).toEqual({
      kind: 'which_case',
      since: now,
      caseNumbers: ['PHR-2569-0002', 'PHR-2569-0001'],
      texts: ['มีเพิ่มเติมค่ะ'],
      attachments: [],
    });
  });

  it('when a reporter has 15 open cases, then the question still fits LINE\'s 13 quick replies', () => {
    const open = Array.from({ length: 15 }, (_, i) => normal(`PHR-2569-${String(i + 1).padStart(4, '0')}`));
    expect(checkMessages(run({ kind: 'message', text: 'x' }, undefined, { openCases: open }).reply)).toEqual([]);
  });

  it('when a reporter without open cases writes, then the event is left to intake', () => {
    expect(run({ kind: 'message', text: 'สวัสดี' }, undefined, { openCases: [] }).handled).toBe(false);
  });

  it('when more arrives before the answer, then it joins the waiting message', () => {
    const attachment = { messageId: '5002', type: 'image' as const };
    const d = run({ kind: 'message', attachment }, whichCase);
    expect(d.pending).toMatchObject({ texts: ['ตอนนี้คุณยายไม่สบายอีกแล้ว'], attachments: [attachment] });
  });

  it('when the reporter picks their case, then everything waiting is recorded as reporter information', () => {
    const bundle: Pending = { ...whichCase, attachments: [{ messageId: '5002', type: 'image' }] };
    const d = run({ kind: 'about', caseNumber: 'PHR-2569-0001' }, bundle, { case: mine });
    expect(d.acts).toEqual([
      {
        caseNumber: 'PHR-2569-0001',
        action: { type: 'reporter_info', text: 'ตอนนี้คุณยายไม่สบายอีกแล้ว', attachments: [{ messageId: '5002', type: 'image' }] },
        key: 'info',
      },
    ]);
  });

  it('when the picked case is not the reporter\'s, then nothing is recorded', () => {
    expect(run({ kind: 'about', caseNumber: 'PHR-2569-0009' }, whichCase, { case: theirs }).acts).toEqual([]);
  });

  it('when the reporter answers "not this", then nothing is recorded and the wait ends', () => {
    const d = run({ kind: 'about_none' }, whichCase);
    expect({ acts: d.acts, pending: d.pending }).toEqual({ acts: [], pending: undefined });
  });

  it('when an old "which case" button is tapped after the wait ended, then nothing is recorded', () => {
    expect(run({ kind: 'about', caseNumber: 'PHR-2569-0001' }, undefined, { case: mine }).acts).toEqual([]);
  });

  it('when the reporter asks to track while a comment is awaited, then the wait ends', () => {
    expect(run({ kind: 'track' }, comment, { tracking: { cases: [mine], total: 1 } }).pending).toBeUndefined();
  });

  it('when an unknown updates postback arrives, then the event is not taken', () => {
    expect(run({ kind: 'unknown' }, undefined).handled).toBe(false);
  });
});

describe('factsNeeded', () => {
  it('when free text arrives with no question open, then the open cases are loaded', () => {
    expect(factsNeeded({ kind: 'message', text: 'x' }, undefined)).toEqual({ kind: 'open_cases' });
  });

  it('when free text joins an open question, then the open cases are still loaded (an urgent case may have opened since)', () => {
    expect(factsNeeded({ kind: 'message', text: 'x' }, whichCase)).toEqual({ kind: 'open_cases' });
  });
});
