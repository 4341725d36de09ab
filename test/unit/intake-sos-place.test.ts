import { readInput } from '../../src/updates/handle';
import type { LineEvent } from '../../src/bot/context';
import { Talk } from '../helpers/intake-talk';

/**
 * An SOS place is read for the whole country, as a report's place is: the home center (Phrae in
 * these tests) is not where every emergency happens, and the case and its card must name the
 * right province from the start (the router only routes what it is told).
 */

const CHIANG_MAI_PIN = { lat: 18.7883, lng: 98.9853 };
const NAN_PIN = { lat: 18.7756, lng: 100.773 };
const BANGKOK_TYPED = 'บ้านเลขที่ 5 ซอยสุขุมวิท 39 เขตวัฒนา กรุงเทพมหานคร';

describe('SOS places outside the home province', () => {
  test('when an SOS pin is in Chiang Mai, then the case opens in Chiang Mai, not flagged as outside', () => {
    const t = new Talk();
    t.pin(CHIANG_MAI_PIN);
    const loc = t.effects('openCase')[0]?.draft.location;
    expect([loc?.province, loc?.outOfProvince]).toEqual(['เชียงใหม่', undefined]);
  });

  test('when a Bangkok place is typed at the SOS place question, then the case gets Bangkok and its เขต', () => {
    const t = new Talk();
    t.tap('i:sos');
    t.answer('sosPin', 'nopin');
    t.text(BANGKOK_TYPED);
    const patch = t.effects('updateCase')[0]?.patch;
    expect(patch?.location).toMatchObject({ province: 'กรุงเทพมหานคร', district: 'วัฒนา', districtCode: '1039' });
    expect(patch?.location?.outOfProvince).toBeUndefined();
  });

  test('when a Bangkok place is typed at the SOS pin question, then the case opens in Bangkok', () => {
    const t = new Talk();
    t.tap('i:sos');
    t.text(BANGKOK_TYPED);
    expect(t.effects('openCase')[0]?.draft.location).toMatchObject({ province: 'กรุงเทพมหานคร', districtCode: '1039' });
  });

  test('when a pin in Nan comes during the SOS follow-ups, then it is added with Nan as its province', () => {
    const t = new Talk();
    t.pin();
    t.pin(NAN_PIN);
    const added = t.effects('addInfo')[0];
    expect([added?.location?.province, added?.location?.outOfProvince]).toEqual(['น่าน', undefined]);
  });

  test('when SOS is sent again with a pin in Nan while an urgent case is open, then the pin goes into it with Nan', () => {
    const t = new Talk();
    t.openUrgentCase = 'PHR-2569-0001';
    t.tap('i:sos');
    t.pin(NAN_PIN);
    expect(t.effects('addInfo')[0]?.location).toMatchObject({ province: 'น่าน' });
  });
});

test('when a Bangkok place is typed with only แขวง and เขต at the SOS pin question, then it is the case\'s place, not words', () => {
  const t = new Talk();
  t.tap('i:sos');
  t.text('แขวงลุมพินี เขตปทุมวัน');
  expect(t.effects('openCase')[0]?.draft).toMatchObject({ location: { address: 'แขวงลุมพินี เขตปทุมวัน', district: 'ปทุมวัน' } });
});

describe('a later pin about an open case', () => {
  test('when a reporter sends a pin in Chiang Mai about an open case, then it is read for the whole country', () => {
    const event = {
      type: 'message',
      message: { type: 'location', id: 'm1', latitude: CHIANG_MAI_PIN.lat, longitude: CHIANG_MAI_PIN.lng },
    } as unknown as LineEvent;
    const input = readInput(event);
    expect(input?.kind === 'location' ? [input.location.province, input.location.outOfProvince] : input).toEqual(['เชียงใหม่', undefined]);
  });
});
