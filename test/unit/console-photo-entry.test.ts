import { entryText } from '../../src/console/views';
import type { TimelineEntry } from '../../src/cases/types';

const relay = (over: Partial<TimelineEntry>): TimelineEntry => ({
  id: 'e1',
  at: new Date('2026-12-01T03:00:00Z'),
  kind: 'relay',
  actor: { kind: 'officer', id: 'U1', name: 'สมชาย' },
  public: true,
  ...over,
});

describe('the console timeline names officers\' photos to the reporter (issue 14)', () => {
  it.each([
    ['a relayed photo', relay({ attachments: [{ messageId: 'm1', type: 'image', from: 'officer' }] }), 'รูปจากเจ้าหน้าที่ถึงผู้แจ้ง (เก็บเป็นหลักฐานของเรื่อง)'],
    ['an "after" photo', relay({ after: true, attachments: [{ messageId: 'm2', type: 'image', from: 'officer' }] }), 'รูปหลังการช่วยเหลือ ส่งถึงผู้แจ้งพร้อมการปิดเรื่อง (เก็บเป็นหลักฐานของเรื่อง)'],
    ['a text relay', relay({ text: 'กำลังเดินทางไปค่ะ' }), 'กำลังเดินทางไปค่ะ'],
  ])('%s', (_name, entry, words) => {
    expect(entryText(entry)).toBe(words);
  });
});

describe('the console timeline says the reporter\'s answer to "still safe?"', () => {
  const checkin = (safe: boolean) => relay({ kind: 'checkin', public: false, actor: { kind: 'reporter', id: 'Ur1' }, safe });
  it.each([
    ['safe', checkin(true), 'ผู้แจ้งตอบว่าปลอดภัย'],
    ['not safe', checkin(false), 'ผู้แจ้งตอบว่าไม่ปลอดภัย'],
  ])('%s', (_name, entry, words) => {
    expect(entryText(entry)).toBe(words);
  });
});
