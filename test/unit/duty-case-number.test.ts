import { isCaseNumber, parseCaseNumber, takeCaseNumber } from '../../src/cases/case-number';
import * as updatesCaseNumber from '../../src/updates/case-number';

/** Contract 7: one reader of case numbers for officers and reporters. */

// 15 June 2026 is Buddhist-era 2569; 1 January 2027 00:30 Bangkok is already 2570.
const CTX = { centerCode: 'PHR', now: new Date('2026-06-15T10:00:00+07:00') };

describe('one parser for every form people type', () => {
  test.each([
    ['PHR-2569-0001', 'PHR-2569-0001'],
    ['phr 2569 1', 'PHR-2569-0001'],
    ['PHR25690001', 'PHR-2569-0001'],
    ['PHR\u20132569\u20130001', 'PHR-2569-0001'], // en dash
    ['PHR\u20142569\u20140001', 'PHR-2569-0001'], // em dash
    ['PHR\u200B-2569-\u200B0042', 'PHR-2569-0042'], // zero-width spaces from a copied message
    ['\uFEFFPHR-2569-0042', 'PHR-2569-0042'],
    ['PHR-2569/0001', 'PHR-2569-0001'],
    ['2569-0001', 'PHR-2569-0001'],
    ['2569/0001', 'PHR-2569-0001'],
    ['๒๕๖๙-๐๐๐๑', 'PHR-2569-0001'],
    ['PHR-๒๕๖๙-๐๐๐๑', 'PHR-2569-0001'],
    ['2', 'PHR-2569-0002'],
    ['๒', 'PHR-2569-0002'],
    ['0012', 'PHR-2569-0012'],
    ['CMI-2568-0100', 'CMI-2568-0100'],
    ['PHR-2569-123456', 'PHR-2569-123456'],
  ])('when "%s" is typed, then it reads as %s', (typed, stored) => {
    expect(parseCaseNumber(typed, CTX)).toBe(stored);
  });

  test('when a short number is typed on 1 January, then it is a case of the new Buddhist-era year', () => {
    expect(parseCaseNumber('2', { centerCode: 'PHR', now: new Date('2027-01-01T00:30:00+07:00') })).toBe('PHR-2570-0002');
  });

  test('when a short number is typed at another center, then it is that center’s case', () => {
    expect(parseCaseNumber('7', { centerCode: 'CMI', now: CTX.now })).toBe('CMI-2569-0007');
  });

  test.each([['0'], ['12345'], ['2569 0001'], ['PHR-2569'], ['2x'], ['สองเรื่อง'], ['PHR-2569-0001x'], ['']])(
    'when "%s" is typed, then it is not a case number',
    (typed) => {
      expect(parseCaseNumber(typed, CTX)).toBeUndefined();
    },
  );

  test.each([['2'], ['2569-0001']])('when "%s" is read without knowing the center, then it is not guessed', (typed) => {
    expect(parseCaseNumber(typed)).toBeUndefined();
  });

  test('when a short number is followed by words, then the words are the rest and the number is marked short', () => {
    expect(takeCaseNumber('๒ ช่วยเหลือแล้ว ส่งต่อ ๑๐ โมง', CTX)).toEqual({ caseNumber: 'PHR-2569-0002', rest: 'ช่วยเหลือแล้ว ส่งต่อ ๑๐ โมง', short: true });
  });
});

// The defect of issue 10: duty and updates each had a parser, and each rejected what the other read.
describe('duty and updates read a number the same way', () => {
  test.each([['PHR\u20132569\u20130001'], ['PHR\u200B-2569-0042'], ['PHR-2569/0001'], ['PHR-๒๕๖๙-๐๐๐๑'], ['2569-0001'], ['2']])(
    'when "%s" is typed in either chat, then both read the same case',
    (typed) => {
      expect(updatesCaseNumber.parseCaseNumber(typed, CTX)).toBe(parseCaseNumber(typed, CTX));
      expect(parseCaseNumber(typed, CTX)).toMatch(/^PHR-\d{4}-\d{4}$/);
    },
  );
});

test('when a postback carries anything but the stored form, then it is refused', () => {
  expect([isCaseNumber('PHR-2569-0001'), isCaseNumber('PHR-2569-0001"}'), isCaseNumber('2')]).toEqual([true, false, false]);
});
