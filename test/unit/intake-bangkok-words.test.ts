import type { Message } from '../../src/bot/context';
import { provinceData } from '../../src/cases/geo';
import { renderSay, type RenderContext } from '../../src/intake/views';
import { INTAKE_DATA } from '../../src/intake/steps';
import { INTAKE_TH as T } from '../../src/strings/th/intake';
import { SETTINGS, Talk } from '../helpers/intake-talk';

/**
 * Bangkok is divided into เขต and แขวง, not อำเภอ and ตำบล, and is not a จังหวัด: every word the
 * reporter reads about a Bangkok place follows that, whichever province the center is in.
 */

const BANGKOK_PIN = { lat: 13.7563, lng: 100.5018 };
const ctxOf = (t: Talk, province = SETTINGS.province): RenderContext => ({ state: t.state, province, centerName: 'ศรส.', timeoutMinutes: 30 });
const words = (ms: Message[]) => JSON.stringify(ms);

/** What the last reply rendered to. */
const lastReply = (t: Talk, province = SETTINGS.province) =>
  words(t.last.effects.flatMap((e) => (e.kind === 'reply' ? renderSay(e.say, ctxOf(t, province)) : [])));

function atBangkokDistrict(): Talk {
  const t = new Talk();
  t.tap('i:start');
  t.answer('problem', 'family');
  t.pin(BANGKOK_PIN);
  return t;
}

test('when help is asked at the district step for a Bangkok place, then it speaks of เขต, not อำเภอ', () => {
  const t = atBangkokDistrict();
  t.tap(INTAKE_DATA.help);
  const said = lastReply(t);
  expect([said.includes(JSON.stringify(T.helpKhet).slice(1, -1)), said.includes('อำเภอ')]).toEqual([true, false]);
});

test('when a Bangkok address settles the district, then the note says เขต and never จ.กรุงเทพมหานคร', () => {
  const t = new Talk();
  t.tap('i:start');
  t.answer('problem', 'family');
  t.pin({ ...BANGKOK_PIN, address: '1 ถนนสีลม แขวงสุริยวงศ์ เขตบางรัก กรุงเทพมหานคร 10500' });
  const said = lastReply(t);
  expect([said.includes('ถ้าเขตไม่ถูก'), said.includes('อำเภอ'), said.includes('จ.กรุงเทพมหานคร')]).toEqual([true, false, false]);
});

test('when the place question is asked, then its example names both units (ตำบล/แขวง อำเภอ/เขต)', () => {
  const t = new Talk();
  t.tap('i:start');
  t.answer('problem', 'family');
  expect(lastReply(t).includes('ตำบล/แขวง อำเภอ/เขต')).toBe(true);
});

test('when the SOS place question is asked, then its example names both units too', () => {
  const t = new Talk();
  t.tap('i:sos');
  t.answer('sosPin', 'nopin');
  expect(lastReply(t).includes('ตำบล/แขวง อำเภอ/เขต')).toBe(true);
});

test('when a session from before the country-wide intake is at Bangkok\'s district list, then its question and buttons say เขต', () => {
  const bangkok = provinceData('กรุงเทพมหานคร');
  const t = new Talk('U-old', { ...SETTINGS, province: bangkok });
  t.tap('i:start');
  t.answer('problem', 'family');
  t.pin(BANGKOK_PIN);
  // As stored by an older version: no province code in the answers, so the center's own list is used.
  t.state = { ...t.state, step: 'district', answers: { ...t.state.answers, provinceCode: undefined, region: undefined, proposedDistrictCode: undefined, location: { lat: BANGKOK_PIN.lat, lng: BANGKOK_PIN.lng, province: bangkok.name, outOfProvince: false } } };
  const said = words(renderSay([{ t: 'ask', step: 'district' }], ctxOf(t, bangkok)));
  expect([said.includes('อยู่ในเขตใดของกรุงเทพมหานคร'), said.includes('ไม่ทราบเขต'), said.includes('อำเภอ'), said.includes('จ.กรุงเทพมหานคร')]).toEqual([true, true, false, false]);
});
