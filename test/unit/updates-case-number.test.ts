import { isCaseNumber, parseCaseNumber } from '../../src/updates/case-number';

describe('parseCaseNumber', () => {
  it.each([
    ['PHR-2569-0001', 'PHR-2569-0001'],
    ['phr-2569-0001', 'PHR-2569-0001'],
    ['  PHR - 2569 - 0001  ', 'PHR-2569-0001'],
    ['PHR 2569 0001', 'PHR-2569-0001'],
    ['PHR25690001', 'PHR-2569-0001'],
    ['PHR-๒๕๖๙-๐๐๐๑', 'PHR-2569-0001'],
    ['phr-2569-1', 'PHR-2569-0001'],
    ['PHR-2569-12345', 'PHR-2569-12345'],
    ['PHR\u200B-2569-0042', 'PHR-2569-0042'],
  ])('when a reporter types %p, then it reads as %p', (typed, stored) => {
    expect(parseCaseNumber(typed)).toBe(stored);
  });

  it.each([['สวัสดีค่ะ'], ['2569-0001'], ['PHR-69-0001'], ['เรื่อง PHR-2569-0001 ค่ะ'], ['P-2569-0001'], ['PHR-2569-']])(
    'when the text %p is not a case number, then nothing is read',
    (typed) => {
      expect(parseCaseNumber(typed)).toBeUndefined();
    },
  );
});

describe('isCaseNumber', () => {
  it('when a postback carries a stored-form number, then it is accepted', () => {
    expect(isCaseNumber('PHR-2569-0001')).toBe(true);
  });

  it('when a postback carries anything else, then it is refused', () => {
    expect(isCaseNumber('PHR-2569-0001"}')).toBe(false);
  });
});
