import type { CaseRecord } from '../../src/cases/types';
import { caseCard, caseSummary } from '../../src/duty/views';

/** Officers read a Bangkok case's district as a เขต: the card's row and the one-line summary. */

const base = (location: CaseRecord['location']): CaseRecord => ({
  caseNumber: 'BKK-2569-0001',
  centerCode: 'BKK',
  channel: 'ess_help_me',
  sourceId: 'intake:bkk',
  reporterUserId: 'Ureporter000000000000000000000001',
  problemTypes: ['family'],
  urgent: false,
  sos: false,
  location,
  attachments: [],
  status: 'new',
  reopenCount: 0,
  escalationRound: 0,
  timeline: [],
  pendingNotify: [],
  version: 0,
  createdAt: new Date('2026-11-22T14:05:00+07:00'),
  updatedAt: new Date('2026-11-22T14:05:00+07:00'),
});
const bangkok = base({ district: 'บางรัก', districtCode: '1004', province: 'กรุงเทพมหานคร' });
const phrae = base({ district: 'ลอง', districtCode: '5403', province: 'แพร่' });
const words = (c: CaseRecord) => JSON.stringify(caseCard(c, { detail: 'minimal', announce: true }));

test('when a Bangkok case is shown, then its card says เขต and not อำเภอ', () => {
  expect([words(bangkok).includes('"text":"เขต"'), words(bangkok).includes('อำเภอ')]).toEqual([true, false]);
});

test('when a Bangkok case is summed up in one line, then it says เขตบางรัก, not อ.บางรัก', () => {
  expect([caseSummary(bangkok).includes('เขตบางรัก'), caseSummary(bangkok).includes('อ.')]).toEqual([true, false]);
});

test('when a Phrae case is shown, then its card and summary keep อำเภอ and อ.', () => {
  expect([words(phrae).includes('"text":"อำเภอ"'), caseSummary(phrae).includes('อ.ลอง')]).toEqual([true, true]);
});
