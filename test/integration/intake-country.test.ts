import { ChatUser } from '../helpers/chat';
import { startHarness, waitFor, type Harness, type TestInstance } from '../helpers/service';
import { PROBLEM_TYPE_SHORT, SEX_LABELS, TARGET_GROUP_LABELS } from '../../src/cases/vocab';
import { INTAKE_TH as T } from '../../src/strings/th/intake';

/**
 * Issue 12, the intake across the country, through the webhook: two centers on one database (Phrae
 * from the environment, Chiang Mai stored). A report pinned in Chiang Mai asks Chiang Mai's
 * districts (paged), the reporter confirms one, and the case is Chiang Mai's, numbered in its sequence.
 */

const PHR_GROUP = 'C' + 'a'.repeat(32);
const CMI_DAY = 'C' + 'b'.repeat(32);
const CMI_NIGHT = 'C' + 'c'.repeat(32);
const CHIANG_MAI_PIN = { lat: 18.7883, lng: 98.9853 };

let h: Harness;
let app: TestInstance;
beforeAll(async () => {
  h = await startHarness('intake-country');
  app = await h.instance({ env: { DUTY_GROUP_ID: PHR_GROUP, CENTER_CODE: 'PHR', CENTER_PROVINCE: 'แพร่' } });
  const put = await app.service.centers.put('CMI', { name: 'ศรส. เชียงใหม่', provinces: ['เชียงใหม่'], dutyGroupId: CMI_DAY, nightGroupId: CMI_NIGHT }, new Date());
  expect(put.ok).toBe(true);
});
afterAll(() => h.stop());

const cardsTo = (group: string) => h.emulator.messagesTo(group).map((m) => JSON.stringify(m)).join('\n');

/** From the start of a report to the summary's confirm, with the place given by `place`. */
async function report(user: ChatUser, place: () => Promise<void>): Promise<string> {
  await user.say('แจ้งเหตุ');
  await user.tap(PROBLEM_TYPE_SHORT.income);
  await place();
  await user.tap(TARGET_GROUP_LABELS.adult);
  await user.tap(SEX_LABELS.female);
  await user.tap(T.btnSkip);
  await user.tap(T.btnUseLine);
  await user.tap(T.btnConfirm);
  const number = /[A-Z]{3}-\d{4}-\d{4}/.exec(user.read())?.[0];
  if (!number) throw new Error('no case number in the reply');
  return number;
}

describe('a report pinned in Chiang Mai', () => {
  it('when the reporter pins Chiang Mai and confirms a district from its list, then the case is Chiang Mai’s with that district', async () => {
    const user = new ChatUser(h, app, 'U-country-1');
    let districtQuestion = '';
    const number = await report(user, async () => {
      await user.pin(CHIANG_MAI_PIN.lat, CHIANG_MAI_PIN.lng);
      districtQuestion = user.read();
      await user.tap(T.btnNextPage);
      await user.tap('อ.แม่ริม');
    });
    expect([districtQuestion.includes('จ.เชียงใหม่'), districtQuestion.includes('อ.เมืองเชียงใหม่'), districtQuestion.includes('อ.เมืองแพร่')]).toEqual([true, true, false]);
    expect(number).toMatch(/^CMI-\d{4}-0001$/);
    const c = await app.service.cases.get(number);
    expect({ center: c?.centerCode, location: c?.location }).toEqual({
      center: 'CMI',
      location: expect.objectContaining({ province: 'เชียงใหม่', district: 'แม่ริม', districtCode: '5007', outOfProvince: false }),
    });
    await waitFor(() => cardsTo(CMI_DAY).includes(number) || cardsTo(CMI_NIGHT).includes(number), 'Chiang Mai card');
    expect(cardsTo(PHR_GROUP)).not.toContain(number);
  });

  it('when a reporter without a pin chooses the North, then Chiang Mai, then a district, then the case is Chiang Mai’s too', async () => {
    const user = new ChatUser(h, app, 'U-country-2');
    const number = await report(user, async () => {
      await user.tap(T.btnNoPin);
      await user.tap('ภาคเหนือ');
      await user.tap('เชียงใหม่');
      await user.say('สันทราย');
    });
    expect(number).toMatch(/^CMI-\d{4}-0002$/);
    expect((await app.service.cases.get(number))?.location).toEqual({ province: 'เชียงใหม่', district: 'สันทราย', districtCode: '5014', outOfProvince: false });
  });
});
