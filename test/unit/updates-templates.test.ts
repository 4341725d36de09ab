import { flex } from '../../src/bot/messages';
import { checkMessages } from '../../src/line/limits';
import {
  callTemplate,
  checkinTemplate,
  factTemplate,
  noteTemplate,
  officerMessageTemplate,
  statusTemplate,
  timelineEntryTemplate,
  timelineMoreTemplate,
  trackingTemplate,
} from '../../src/updates/views';

const row = () => timelineEntryTemplate.render({ when: '10 ม.ค. 2569 10:00 น.', text: 'รับแจ้งเรื่อง' });
const facts = () => [factTemplate.render({ label: 'เมื่อ', value: '10 ม.ค. 2569 10:05 น.' })];

const rendered: [string, () => unknown][] = [
  [
    'update-status',
    () =>
      statusTemplate.render({
        color: '#1D4ED8',
        title: 'เจ้าหน้าที่รับเรื่องของคุณแล้ว',
        caseNumberLine: 'เรื่องเลขที่ PHR-2569-0001',
        statusLabel: 'เจ้าหน้าที่รับเรื่องแล้ว',
        facts: facts(),
        timelineHeading: 'ความคืบหน้า',
        timeline: [timelineMoreTemplate.render({ text: '… และอีก 2 รายการก่อนหน้า' }), row()],
        trackLabel: 'ดูทุกเรื่องของฉัน',
        trackDisplay: 'ติดตามเรื่อง',
      }),
  ],
  [
    'update-officer-message',
    () =>
      officerMessageTemplate.render({
        title: 'ข้อความจากศูนย์',
        centerName: 'ศรส.จ.แพร่',
        caseNumberLine: 'เรื่องเลขที่ PHR-2569-0001',
        message: 'พรุ่งนี้เจ้าหน้าที่จะไปเยี่ยมบ้าน',
        facts: facts(),
        timelineHeading: 'ความคืบหน้า',
        timeline: [row()],
        trackLabel: 'ดูทุกเรื่องของฉัน',
        trackDisplay: 'ติดตามเรื่อง',
      }),
  ],
  [
    'update-tracking',
    () => ({
      type: 'carousel',
      contents: [
        trackingTemplate.render({
          color: '#15803D',
          caseNumber: 'PHR-2569-0001',
          openedLine: 'แจ้งเมื่อ 10 ม.ค. 2569 10:00 น.',
          statusLabel: 'ปิดเรื่องแล้ว',
          lastWhen: 'ล่าสุด 11 ม.ค. 2569 09:00 น.',
          lastText: 'ปิดเรื่อง: ช่วยเหลือแล้ว',
          viewLabel: 'ดูความคืบหน้า',
          viewData: 'u:case:PHR-2569-0001',
          viewDisplay: 'ดูความคืบหน้าเรื่อง PHR-2569-0001',
        }),
      ],
    }),
  ],
  [
    'update-checkin',
    () =>
      checkinTemplate.render({
        title: 'ยังปลอดภัยไหมคะ',
        body: 'เรื่องด่วน PHR-2569-0001 ส่งถึงเจ้าหน้าที่เวรแล้ว และยังรอเจ้าหน้าที่รับเรื่อง แตะตอบได้เลยค่ะ',
        safeLabel: 'ปลอดภัย',
        safeData: 'u:checkin:PHR-2569-0001:0.1:1',
        unsafeLabel: 'ไม่ปลอดภัย',
        unsafeData: 'u:checkin:PHR-2569-0001:0.1:0',
        call191Label: 'โทร 191 ตำรวจ',
      }),
  ],
  [
    'update-call',
    () => callTemplate.render({ title: 'โทร 191 ได้ทันทีค่ะ', body: 'แจ้งเจ้าหน้าที่เวรแล้ว', call191Label: 'โทร 191 ตำรวจ', call1300Label: 'โทร 1300 พม.' }),
  ],
  [
    'update-note (inside update-status)',
    () =>
      statusTemplate.render({
        color: '#1D4ED8',
        title: 'เจ้าหน้าที่รับเรื่องด่วนของคุณแล้ว',
        caseNumberLine: 'เรื่องเลขที่ PHR-2569-0001',
        statusLabel: 'เจ้าหน้าที่รับเรื่องแล้ว',
        facts: [noteTemplate.render({ text: 'ทีมเจ้าหน้าที่กำลังดำเนินการช่วยเหลือค่ะ' }), ...facts()],
        timelineHeading: 'ความคืบหน้า',
        timeline: [row()],
        trackLabel: 'ดูทุกเรื่องของฉัน',
        trackDisplay: 'ติดตามเรื่อง',
      }),
  ],
];

describe('updates flex templates', () => {
  it.each(rendered)('when %s is rendered with fixture variables, then no slot is left unfilled', (_, render) => {
    expect(JSON.stringify(render())).not.toContain('${');
  });

  it.each(rendered)('when %s is rendered with fixture variables, then LINE accepts it', (_, render) => {
    expect(checkMessages([flex('ทดสอบ', render())])).toEqual([]);
  });

  it('when a check-in button label is longer than LINE allows, then rendering refuses it', () => {
    expect(() =>
      checkinTemplate.render({
        title: 't',
        body: 'b',
        safeLabel: 'ปลอดภัย'.repeat(4),
        safeData: 'u:x',
        unsafeLabel: 'ไม่ปลอดภัย',
        unsafeData: 'u:y',
        call191Label: 'โทร 191',
      }),
    ).toThrow();
  });

  it('when a text slot is given an empty string, then rendering refuses it (LINE rejects empty Flex text)', () => {
    expect(() => factTemplate.render({ label: 'เมื่อ', value: '' })).toThrow();
  });
});
