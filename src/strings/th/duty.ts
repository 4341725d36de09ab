import type { Outcome, ProblemType } from '../../cases/vocab';

/**
 * Every word the duty officers read in their LINE groups (and the enrollment tool prints).
 * Button labels are kept within LINE's 20-character limit, counting Thai vowels and tone marks.
 */

export const DUTY_ROLE_LABELS = {
  day: 'กลุ่มเวรกลางวัน',
  night: 'กลุ่มเวรกลางคืน',
  both: 'กลุ่มเวร (ทั้งกลางวันและกลางคืน)',
  escalation: 'กลุ่มผู้บังคับบัญชา (แจ้งเตือนเรื่องค้าง)',
} as const;

/** Common agencies a case is referred to: code in postback data, full name on the case. */
export const AGENCIES = {
  hospital: { label: 'โรงพยาบาล', name: 'โรงพยาบาล' },
  police: { label: 'สถานีตำรวจ', name: 'สถานีตำรวจ' },
  lao: { label: 'อปท.', name: 'องค์กรปกครองส่วนท้องถิ่น (อปท.)' },
  shelter: { label: 'บ้านพักเด็กฯ', name: 'บ้านพักเด็กและครอบครัว' },
  pmj: { label: 'พมจ.', name: 'สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด (พมจ.)' },
} as const;
export type AgencyCode = keyof typeof AGENCIES;

/** Words an officer may type for an outcome in `ปิด <เลขที่> <ผล> <บันทึก>` (longest first when matching). */
export const OUTCOME_ALIASES: Record<Outcome, readonly string[]> = {
  resolved: ['ช่วยเหลือแล้ว', 'ช่วยแล้ว', 'สำเร็จ'],
  unable: ['ไม่สามารถช่วยได้', 'ไม่สามารถช่วยเหลือได้', 'ช่วยไม่ได้'],
  out_of_scope: ['ไม่อยู่ในอำนาจ', 'นอกอำนาจ', 'ไม่อยู่ในอำนาจหน้าที่'],
  duplicate: ['ซ้ำ/รวมกับเรื่องอื่น', 'ซ้ำ/รวมกับเรื่อง', 'รวมกับเรื่อง', 'เรื่องซ้ำ', 'ซ้ำกับเรื่อง', 'ซ้ำ'],
};

/** Command keywords as officers type them. */
export const COMMANDS = {
  queue: ['คิว'],
  help: ['ช่วยเหลือ', 'คำสั่ง'],
  cancel: ['ยกเลิก'],
  ack: ['รับเรื่อง'],
  show: ['เรื่อง', 'ดูเรื่อง'],
  details: ['รายละเอียด'],
  start: ['ลงพื้นที่', 'กำลังดำเนินการ', 'ดำเนินการ'],
  refer: ['ส่งต่อหน่วยงาน', 'ส่งต่อ'],
  close: ['ปิดเรื่อง', 'ปิด'],
  note: ['บันทึก'],
  relay: ['ตอบ'],
  types: ['เพิ่มประเภทปัญหา', 'เพิ่มประเภท'],
  enroll: ['ลงทะเบียนกลุ่ม'],
  merge: ['รวมเรื่อง', 'รวม'],
  transfer: ['โอนศูนย์', 'โอนเรื่อง', 'โอน'],
} as const;

/** Polite endings an officer may add after a short command ("รับเรื่อง 2 ครับ"). */
export const POLITE_ENDINGS: readonly string[] = ['ครับ', 'ค่ะ', 'คะ', 'ค่า', 'นะ', 'นะคะ', 'นะครับ', 'จ้า', 'ครับผม'];

export const dutyTh = {
  officerFallbackName: 'เจ้าหน้าที่',

  labels: {
    ack: 'รับเรื่อง',
    details: 'รายละเอียด',
    start: 'ลงพื้นที่/ดำเนินการ',
    refer: 'ส่งต่อหน่วยงาน',
    close: 'ปิดเรื่อง',
    types: 'เพิ่มประเภทปัญหา',
    map: 'เปิดแผนที่',
    call: 'โทรหาผู้แจ้ง',
    queue: 'ดูคิว',
    cancel: 'ยกเลิก',
    otherAgency: 'อื่นๆ (พิมพ์ชื่อ)',
    transfer: 'โอนศูนย์',
    nextPage: 'ถัดไป',
  },

  /** Moving a case to another center (issue 12). */
  transfer: {
    ask: (no: string, page: number, pages: number) =>
      `โอนเรื่อง ${no} ไปศูนย์ใด? เลือกรหัสศูนย์ด้านล่าง${pages > 1 ? ` (หน้า ${page}/${pages})` : ''} หรือพิมพ์ โอน ${no} <รหัสศูนย์>`,
    choice: (code: string, name: string) => `${code} — ${name}`,
    acted: (name: string, no: string, centerName: string, code: string) =>
      `${name} โอนเรื่อง ${no} ไปให้ ${centerName} (${code}) ดูแลแล้ว (เลขที่เรื่องคงเดิม ระบบแจ้งผู้แจ้งแล้ว)`,
    unknownCenter: (typed: string, no: string) => `ไม่พบศูนย์รหัส "${typed}" จึงยังไม่ได้โอนเรื่อง ${no} รหัสศูนย์ที่โอนได้:`,
    sameCenter: (no: string, centerName: string, code: string) =>
      `เรื่อง ${no} อยู่ในความดูแลของ ${centerName} (${code}) อยู่แล้ว ไม่ต้องโอน`,
    noOtherCenter: (no: string) => `ยังไม่มีศูนย์อื่นในระบบ จึงโอนเรื่อง ${no} ไม่ได้`,
  },

  card: {
    altNew: (no: string, urgent: boolean) => `${urgent ? '🔴 ด่วน ' : ''}เรื่องใหม่ ${no}`,
    alt: (no: string) => `เรื่อง ${no}`,
    titleNew: 'เรื่องใหม่',
    urgent: 'ด่วน',
    normal: 'ปกติ',
    sos: 'SOS',
    problemTypes: 'ประเภทปัญหา',
    targetGroup: 'กลุ่มเป้าหมาย',
    sex: 'เพศ',
    /** The district row's label is the province's own word (อำเภอ, or เขต in Bangkok): `districtWords` in geo.ts. */
    districtShort: (prefix: string, district: string) => `${prefix}${district}`,
    outOfProvince: 'นอกจังหวัด (ต้องประสานส่งต่อ)',
    /** No center serves the case's province: the home center holds it (issue 12). */
    transferredAway: (caseNumber: string, code: string, name: string) => `โอนเรื่อง ${caseNumber} ไปให้ ${name} (${code}) ดูแลแล้ว`,
    outOfArea: (province: string) => `นอกพื้นที่ ${province} (ต้องประสานส่งต่อ)`,
    reportedAt: 'เวลาแจ้ง',
    status: 'สถานะ',
    owner: 'ผู้รับเรื่อง',
    referredTo: 'ส่งต่อ',
    summary: 'สรุป',
    phone: 'โทร',
    details: 'รายละเอียด',
    attachments: 'ไฟล์แนบ',
    unknown: '-',
    notGiven: 'ยังไม่ระบุ',
    sosSummary: 'แจ้งเหตุฉุกเฉิน (SOS) ด้วยการปักหมุด ยังไม่มีรายละเอียด',
    sosSummaryNoPin: 'แจ้งเหตุฉุกเฉิน (SOS) ไม่มีตำแหน่ง ยังไม่มีรายละเอียด',
    sosSummaryTypedPlace: 'แจ้งเหตุฉุกเฉิน (SOS) ไม่ได้ปักหมุด ผู้แจ้งพิมพ์สถานที่ ยังไม่มีรายละเอียด',
    place: 'ตำแหน่ง',
    pinned: 'ผู้แจ้งปักหมุดแล้ว กด "เปิดแผนที่"',
    pinnedAt: (address: string) => `ผู้แจ้งปักหมุดแล้ว: ${address}`,
    typedPlace: (place: string) => `ผู้แจ้งพิมพ์ (ไม่ได้ปักหมุด): ${place}`,
    noLocation: 'ไม่มีตำแหน่ง',
    mergedInto: 'รวมกับเรื่อง',
    previousTeam: 'เวรก่อนหน้า',
    summaryOf: (parts: string[]) => parts.join(' · '),
    hiddenDetails: 'เบอร์โทรและรายละเอียด: กด "รายละเอียด" (ส่งทางแชตส่วนตัว)',
    reopenCount: (n: number) => `เปิดใหม่ ${n} ครั้ง`,
  },

  details: {
    alt: (no: string) => `รายละเอียดเรื่อง ${no}`,
    title: (no: string) => `รายละเอียด ${no}`,
    phone: 'เบอร์โทร',
    contactViaLine: 'ติดต่อทาง LINE',
    contactViaLineYes: (no: string) => `ได้ — ตอบผู้แจ้งด้วยคำสั่ง ตอบ ${no} <ข้อความ>`,
    details: 'รายละเอียด',
    address: 'ที่อยู่/จุดเกิดเหตุ',
    attachments: 'ไฟล์แนบ',
    noAttachments: 'ไม่มี',
    moreAttachments: (n: number) => `และไฟล์ก่อนหน้าอีก ${n} ไฟล์ (ดูผ่านระบบผู้ดูแล)`,
    later: 'ผู้แจ้งส่งเพิ่มภายหลัง',
    newPin: (url: string) => `📍 ตำแหน่งใหม่ ${url}`,
    confidential: 'ข้อมูลส่วนบุคคล ใช้เพื่อการช่วยเหลือเท่านั้น ห้ามส่งต่อ',
  },

  attachmentTypes: { image: 'รูปภาพ', audio: 'เสียง', video: 'วิดีโอ', file: 'ไฟล์' } as Record<string, string>,
  /** How officers fetch an attachment: the admin API (the LINE content is fetched there, with a token). */
  attachmentRef: (no: string, type: string, messageId: string) =>
    `${type}: GET /api/cases/${no}/attachments/${messageId}`,

  teams: { day: 'เวรกลางวัน (Day Team)', night: 'เวรกลางคืน (Night Team)' } as Record<'day' | 'night', string>,

  /** Names of officer-typed values, for the "too long" re-prompt. */
  fieldNames: {
    agency: 'ชื่อหน่วยงาน',
    note: 'บันทึกภายใน',
    closeNote: 'บันทึกปิดเรื่อง',
    relay: 'ข้อความถึงผู้แจ้ง',
  } as Record<'agency' | 'note' | 'closeNote' | 'relay', string>,

  queue: {
    open: 'ดูเรื่อง',
    alt: (n: number) => `คิวเรื่องที่ยังไม่ปิด ${n} เรื่อง`,
    title: (n: number) => `คิว: ยังไม่ปิด ${n} เรื่อง`,
    subtitle: 'ด่วนก่อน แล้วเรียงจากเก่าสุด · แตะแถวเพื่อดูเรื่อง',
    empty: 'ไม่มีเรื่องค้างในคิว ✅',
    more: (n: number) => `และอีก ${n} เรื่อง (ดูด้วยคำสั่ง เรื่อง <เลขที่>)`,
    row: (parts: string[]) => parts.join(' · '),
    urgentMark: '🔴',
    normalMark: '⚪',
  },

  statusShort: {
    new: 'รอรับเรื่อง',
    acknowledged: 'รับเรื่องแล้ว',
    in_progress: 'กำลังดำเนินการ',
    referred: 'ส่งต่อแล้ว',
    closed: 'ปิดแล้ว',
  } as Record<string, string>,

  acted: {
    acknowledged: (name: string, no: string) => `${name} รับเรื่อง ${no} แล้ว`,
    in_progress: (name: string, no: string) => `${name}: ${no} ลงพื้นที่/กำลังดำเนินการ`,
    referred: (name: string, no: string, agency: string) => `${name}: ส่งต่อ ${no} ไปยัง ${agency} แล้ว`,
    closed: (name: string, no: string, outcome: string) => `${name} ปิดเรื่อง ${no} แล้ว (${outcome})`,
    merged: (name: string, no: string, into: string) =>
      `${name} รวมเรื่อง ${no} เข้ากับเรื่อง ${into} แล้ว (ปิด ${no} เป็นเรื่องซ้ำ ดำเนินการต่อที่ ${into})`,
    note: (no: string) => `บันทึกภายในของ ${no} แล้ว (ผู้แจ้งไม่เห็นบันทึกนี้)`,
    relay: (no: string) => `ส่งข้อความถึงผู้แจ้งเรื่อง ${no} แล้ว`,
    typesAdded: (no: string, labels: string) => `เพิ่มประเภทปัญหาของ ${no}: ${labels}`,
    nextSteps: 'ขั้นต่อไป:',
  },

  ask: {
    agency: (no: string) =>
      `ส่งต่อ ${no} ไปหน่วยงานใด? เลือกด้านล่าง หรือพิมพ์ชื่อหน่วยงานในข้อความถัดไป (ไม่เกิน 120 ตัวอักษร หรือพิมพ์ ยกเลิก)`,
    agencyTyped: (no: string) => `พิมพ์ชื่อหน่วยงานที่ส่งต่อเรื่อง ${no} ในข้อความถัดไป (หรือพิมพ์ ยกเลิก)`,
    outcome: (no: string) => `ปิดเรื่อง ${no}: เลือกผลการช่วยเหลือ`,
    note: (no: string, outcome: string) =>
      `ปิดเรื่อง ${no} (${outcome}): พิมพ์บันทึกปิดเรื่องในข้อความถัดไป (หรือพิมพ์ ยกเลิก)\n` +
      '⚠️ บันทึกนี้จะส่งถึงผู้แจ้งตามที่พิมพ์ทุกตัวอักษร กรุณาใช้ถ้อยคำสุภาพ และอย่าใส่ข้อมูลของบุคคลอื่น',
    into: (no: string) =>
      `เรื่อง ${no} ซ้ำกับเรื่องใด? พิมพ์เลขที่เรื่องหลักที่จะดำเนินการต่อในข้อความถัดไป เช่น 12 หรือ PHR-2569-0012 (หรือพิมพ์ ยกเลิก)`,
    mergeSelf: (no: string) => `รวมเรื่อง ${no} เข้ากับตัวเองไม่ได้ กรุณาพิมพ์เลขที่เรื่องหลักอีกเรื่องหนึ่ง (หรือพิมพ์ ยกเลิก)`,
    tooLong: (field: string, length: number, max: number, retype: boolean) =>
      `${field}ยาวเกินไป (${length.toLocaleString('en-US')} ตัวอักษร ได้ไม่เกิน ${max.toLocaleString('en-US')}) ยังไม่ได้บันทึก ` +
      (retype ? 'กรุณาพิมพ์ใหม่ให้สั้นลงในข้อความถัดไป (หรือพิมพ์ ยกเลิก)' : 'กรุณาย่อให้สั้นลงแล้วพิมพ์คำสั่งอีกครั้ง'),
    types: (no: string) => `เพิ่มประเภทปัญหาของ ${no}: เลือกด้านล่าง`,
    noMoreTypes: (no: string) => `เรื่อง ${no} มีครบทุกประเภทปัญหาแล้ว`,
    cancelled: 'ยกเลิกแล้ว',
  },

  refusal: {
    notFound: (no: string) => `ไม่พบเรื่องเลขที่ ${no}`,
    alreadyAcknowledged: (no: string, owner: string) => `เรื่อง ${no} มีผู้รับเรื่องแล้ว: ${owner}`,
    notAcknowledged: (no: string) => `เรื่อง ${no} ยังไม่มีผู้รับเรื่อง กด "รับเรื่อง" ก่อน`,
    closed: (no: string) => `เรื่อง ${no} ปิดไปแล้ว`,
    merged: (no: string, into: string) => `เรื่อง ${no} รวมเข้ากับเรื่อง ${into} แล้ว กรุณาดำเนินการที่เรื่อง ${into}`,
    mergeTargetClosed: (into: string) => `เรื่องหลัก ${into} ปิดไปแล้ว จึงรวมเรื่องเข้าไม่ได้ กรุณาเลือกเรื่องที่ยังดำเนินการอยู่`,
    sameStatus: (no: string, status: string) => `เรื่อง ${no} อยู่ในสถานะ "${status}" อยู่แล้ว`,
    notAllowed: 'ไม่สามารถทำรายการนี้ได้',
    emptyText: (no: string) => `กรุณาพิมพ์ข้อความต่อท้ายเลขที่เรื่อง ${no}`,
    typesExist: (no: string) => `ประเภทปัญหาที่เลือกมีอยู่ในเรื่อง ${no} แล้ว`,
    invalid: 'ข้อมูลไม่ครบหรือไม่ถูกต้อง',
    generic: 'ไม่สามารถทำรายการได้',
    unattributed:
      'ไม่สามารถระบุได้ว่าใครเป็นผู้กด จึงยังไม่ได้บันทึกรายการนี้ กรุณาใช้ LINE บนโทรศัพท์ (iOS/Android) แล้วลองใหม่',
    privateChat:
      'คำสั่งของเจ้าหน้าที่ใช้ได้เฉพาะในกลุ่มเวรที่ลงทะเบียนแล้ว จึงยังไม่ได้ทำรายการนี้ กรุณาสั่งงานในกลุ่มเวร',
    unregisteredGroup: (example: string) =>
      `กลุ่มนี้ยังไม่ได้ลงทะเบียนเป็นกลุ่มเวรของศูนย์ จึงยังไม่ได้ทำรายการนี้\n\n${example}`,
    failed: 'ขออภัย ระบบขัดข้อง ยังไม่ได้ทำรายการนี้ กรุณาลองใหม่อีกครั้ง',
  },

  registration: {
    howTo:
      'วิธีลงทะเบียน: ผู้ดูแลระบบสร้างรหัสใช้ครั้งเดียวด้วยคำสั่ง npm run duty -- enroll-code ' +
      '(เลือกบทบาทกลุ่ม --role day|night|both|escalation) แล้วพิมพ์ในกลุ่มนี้ว่า\nลงทะเบียนกลุ่ม <รหัส>',
    joinedUnregistered: (center: string) =>
      `สวัสดีครับ นี่คือบัญชีรับแจ้งเหตุของ ${center}\nกลุ่มนี้ยังไม่ได้ลงทะเบียนเป็นกลุ่มเวร จึงยังไม่มีการส่งเรื่องเข้ากลุ่มนี้`,
    joinedRegistered: (role: string) =>
      `สวัสดีครับ กลุ่มนี้เป็น${role} เรื่องใหม่จะถูกส่งเข้ากลุ่มนี้ พิมพ์ ช่วยเหลือ เพื่อดูคำสั่ง`,
    memberWelcome: 'ยินดีต้อนรับสู่กลุ่มเวร พิมพ์ ช่วยเหลือ เพื่อดูคำสั่ง',
    registered: (role: string) => `ลงทะเบียนสำเร็จ: กลุ่มนี้เป็น${role}แล้ว พิมพ์ ช่วยเหลือ เพื่อดูคำสั่ง`,
    badCode: 'รหัสลงทะเบียนไม่ถูกต้อง ใช้ไปแล้ว หรือหมดอายุ กรุณาขอรหัสใหม่จากผู้ดูแลระบบ',
    locked: (minutes: number) =>
      `ใส่รหัสลงทะเบียนผิดหลายครั้ง กลุ่มนี้จึงลงทะเบียนไม่ได้ชั่วคราว ${minutes} นาที ระหว่างนี้ระบบจะไม่ตอบรหัสที่พิมพ์มา กรุณาขอรหัสใหม่จากผู้ดูแลระบบแล้วลองอีกครั้งเมื่อครบเวลา`,
    configured: 'กลุ่มนี้ถูกกำหนดเป็นกลุ่มเวรในการตั้งค่าระบบอยู่แล้ว ไม่ต้องลงทะเบียน',
    privateChat: 'พิมพ์คำสั่งลงทะเบียนในกลุ่มที่ต้องการลงทะเบียน ไม่ใช่ในแชตส่วนตัว',
  },

  details_private: {
    sent: (no: string) => `ส่งรายละเอียดเรื่อง ${no} ทางแชตส่วนตัวแล้ว`,
    notFriend: (no: string) =>
      `{u} กรุณาเพิ่มบัญชีนี้เป็นเพื่อนก่อน แล้วกด "รายละเอียด" ของเรื่อง ${no} อีกครั้ง (รายละเอียดส่งทางแชตส่วนตัวเท่านั้น)`,
  },

  listener: {
    reopened: (no: string, words: string | undefined) =>
      `🔁 เรื่อง ${no} ถูกเปิดใหม่ ผู้แจ้งแจ้งว่ายังไม่ได้รับความช่วยเหลือ${words ? `:\n"${words}"` : ''}\nต้องมีผู้รับเรื่องอีกครั้ง`,
    reopenedWordsPrivate: 'ผู้แจ้งเขียนข้อความมาด้วย ดูได้ที่ "รายละเอียด"',
    reporterInfo: (no: string) => `📩 ผู้แจ้งส่งข้อมูลเพิ่มเติมเรื่อง ${no}`,
    reporterInfoMinimal: (no: string) => `📩 ผู้แจ้งส่งข้อมูลเพิ่ม ${no} (ดูได้ที่ "รายละเอียด")`,
    newLocation: (url: string) => `📍 ตำแหน่งใหม่: ${url}`,
    /**
     * A later place in a province no center in the system serves (the case stays where it is):
     * the card's own marker (`card.outOfArea`), and why the transfer button cannot help.
     */
    newPlaceOutOfArea: (province: string) => `⚠️ ตำแหน่งใหม่อยู่นอกพื้นที่ ${province} (ต้องประสานส่งต่อ) ไม่มีศูนย์ในระบบที่ดูแลจังหวัดนี้`,
    reporterText: (words: string) => `"${words}"`,
    reporterAttachments: 'ไฟล์แนบ (เปิดดูผ่านระบบผู้ดูแล หรือกด "รายละเอียด"):',
    detailsUpdated: (no: string) => `📝 ผู้แจ้งเพิ่มรายละเอียดเรื่อง ${no}`,
    api: (no: string, what: string) => `ℹ️ เรื่อง ${no}: ${what} (ผ่านระบบผู้ดูแล)`,
    apiWhat: {
      acknowledged: (owner: string) => `รับเรื่องแล้ว โดย ${owner}`,
      in_progress: 'ลงพื้นที่/กำลังดำเนินการ',
      referred: (agency: string) => `ส่งต่อไปยัง ${agency}`,
      closed: (outcome: string) => `ปิดเรื่องแล้ว (${outcome})`,
      note: 'เพิ่มบันทึกภายใน',
      relay: 'ส่งข้อความถึงผู้แจ้ง',
      problem_types_added: (labels: string) => `เพิ่มประเภทปัญหา: ${labels}`,
      details_updated: 'แก้ไขรายละเอียด',
      details_viewed: 'เปิดดูรายละเอียด',
      other: 'มีการเปลี่ยนแปลง',
    },
  },

  escalation: (no: string, round: number, waitedMinutes: number, urgent: boolean) =>
    `{all} ⚠️ ${urgent ? 'เรื่องด่วน ' : ''}${no} ยังไม่มีผู้รับเรื่อง (${waitedMinutes} นาที) — แจ้งเตือนครั้งที่ ${round} กรุณากด "รับเรื่อง"`,

  stale: (no: string, round: number, idleMinutes: number, owner: string, urgent: boolean) =>
    `{all} ⏰ ${urgent ? 'เรื่องด่วน ' : ''}${no} รับเรื่องแล้ว (${owner}) แต่ไม่มีความเคลื่อนไหว ` +
    `${idleMinutes >= 60 ? `${Math.floor(idleMinutes / 60)} ชั่วโมง` : `${idleMinutes} นาที`} — แจ้งเตือนครั้งที่ ${round} ` +
    'กรุณาอัปเดตสถานะ บันทึกความคืบหน้า หรือปิดเรื่อง',

  notSafe: (no: string, unacknowledged: boolean) =>
    `{all} 🆘 ผู้แจ้งเรื่อง ${no} ตอบว่า "ไม่ปลอดภัย"${unacknowledged ? ' และยังไม่มีผู้รับเรื่อง' : ''} — ` +
    (unacknowledged ? 'กรุณารับเรื่องและติดต่อช่วยเหลือทันที' : 'กรุณาติดต่อช่วยเหลือทันที'),

  usage: {
    merge: 'รวม <เลขที่เรื่องซ้ำ> <เลขที่เรื่องหลัก>',
    ack: 'รับเรื่อง <เลขที่เรื่อง>',
    show: 'เรื่อง <เลขที่เรื่อง>',
    details: 'รายละเอียด <เลขที่เรื่อง>',
    start: 'ลงพื้นที่ <เลขที่เรื่อง>',
    refer: 'ส่งต่อ <เลขที่เรื่อง> <หน่วยงาน>',
    close: 'ปิด <เลขที่เรื่อง> <ผล> <บันทึก>',
    note: 'บันทึก <เลขที่เรื่อง> <ข้อความ>',
    relay: 'ตอบ <เลขที่เรื่อง> <ข้อความ>',
    types: 'เพิ่มประเภท <เลขที่เรื่อง> <ประเภท>',
    enroll: 'ลงทะเบียนกลุ่ม <รหัส>',
    transfer: 'โอน <เลขที่เรื่อง> <รหัสศูนย์>',
  },
  usageHint: (usage: string) => `รูปแบบคำสั่ง: ${usage}`,

  help: (example: string) =>
    [
      'คำสั่งในกลุ่มเวร',
      'คิว — เรื่องที่ยังไม่ปิด (ด่วนก่อน แล้วเรียงจากเก่าสุด)',
      `เรื่อง ${example} — ดูการ์ดเรื่อง`,
      `รับเรื่อง ${example}`,
      `ลงพื้นที่ ${example}`,
      `ส่งต่อ ${example} <หน่วยงาน>`,
      `ปิด ${example} <ผล> <บันทึก> — ผล: ช่วยเหลือแล้ว / ไม่สามารถช่วยได้ / ไม่อยู่ในอำนาจ (บันทึกปิดเรื่องส่งถึงผู้แจ้งตามที่พิมพ์)`,
      `รวม ${example} <เลขที่เรื่องหลัก> — ปิดเรื่องซ้ำ แล้วดำเนินการต่อที่เรื่องหลัก`,
      `บันทึก ${example} <ข้อความ> — บันทึกภายใน ผู้แจ้งไม่เห็น`,
      `ตอบ ${example} <ข้อความ> — ส่งข้อความถึงผู้แจ้ง (พิมพ์ ตอบ ${example} อย่างเดียว แล้วส่งรูปภายใน 5 นาที เพื่อส่งรูปถึงผู้แจ้ง)`,
      `เพิ่มประเภท ${example} <ประเภท>`,
      `รายละเอียด ${example} — เบอร์โทร/รายละเอียด ส่งทางแชตส่วนตัว`,
      `โอน ${example} <รหัสศูนย์> — โอนเรื่องให้ศูนย์อื่นดูแล (เลขที่เรื่องเดิม)`,
      'ยกเลิก — ยกเลิกคำสั่งที่ค้างอยู่',
      'พิมพ์เลขที่เรื่องเป็นตัวพิมพ์เล็ก/ใหญ่ เว้นวรรค หรือเลขไทยก็ได้ หรือพิมพ์เฉพาะเลขลำดับ เช่น รับเรื่อง 12 (เรื่องของศูนย์นี้ในปีปัจจุบัน)',
    ].join('\n'),

  script: {
    noDatabase:
      'ไม่ได้ตั้งค่า MONGODB_URI: รหัสต้องสร้างในฐานข้อมูลเดียวกับที่ระบบที่กำลังทำงานใช้อยู่ ' +
      '(ฐานข้อมูลในหน่วยความจำของระบบเข้าถึงจากคำสั่งนี้ไม่ได้) ตั้งค่า MONGODB_URI หรือระบุ --uri แล้วลองใหม่',
    code: (code: string, role: string, expires: string) =>
      `รหัสลงทะเบียนกลุ่ม (ใช้ได้ครั้งเดียว หมดอายุ ${expires}) สำหรับ${role}:\n\n  ลงทะเบียนกลุ่ม ${code}\n\nพิมพ์ข้อความข้างบนในกลุ่ม LINE ที่มีบัญชีของศูนย์อยู่`,
    listHeader: 'กลุ่มเวร',
    configured: 'ตั้งค่าในระบบ',
    registeredAt: (when: string) => `ลงทะเบียนเมื่อ ${when}`,
    none: 'ยังไม่มีกลุ่มที่ลงทะเบียน',
    forCenter: (code: string, name: string) => `กลุ่มที่ลงทะเบียนด้วยรหัสนี้จะเป็นกลุ่มของศูนย์ ${code} (${name})`,
    unknownCenter: (code: string) => `ไม่พบศูนย์รหัส ${code} ดูรหัสศูนย์ได้ด้วย npm run centers -- export`,
    usage:
      'วิธีใช้:\n  npm run duty -- enroll-code [--center CMI] [--role day|night|both|escalation] [--ttl-minutes 60] [--uri mongodb://...]\n  npm run duty -- list [--uri mongodb://...]',
  },

  /**
   * Re-routing by a place the reporter gave after the case opened (duty/reroute.ts). `province` is
   * the official name ("แพร่", "กรุงเทพมหานคร"): "ในพื้นที่ <name>" reads right for Bangkok too.
   */
  reroute: {
    /** The old center's group: where the case went and why, in one line. */
    movedAway: (no: string, province: string, name: string, code: string) =>
      `📍 ผู้แจ้งเรื่อง ${no} ส่งตำแหน่งใหม่ในพื้นที่ ${province} ระบบจึงโอนเรื่องไปให้ ${name} (${code}) ดูแลแล้ว (เลขที่เรื่องคงเดิม ระบบแจ้งผู้แจ้งแล้ว)`,
    /** The new center's group, above the card: where it came from and why it is theirs. */
    movedIn: (no: string, province: string, fromName: string, fromCode: string) =>
      `📍 เรื่อง ${no} โอนมาจาก ${fromName} (${fromCode}) โดยอัตโนมัติ เพราะผู้แจ้งส่งตำแหน่งในพื้นที่ ${province} ซึ่งศูนย์นี้ดูแล`,
    /** A case in an officer's hands is never moved by itself: one line, the command, and a button. */
    suggest: (no: string, province: string, name: string, code: string) =>
      `📍 ผู้แจ้งเรื่อง ${no} ส่งตำแหน่งใหม่ในพื้นที่ ${province} ซึ่ง ${name} (${code}) ดูแล หากควรให้ศูนย์นั้นดูแลต่อ พิมพ์ โอน ${no} ${code}`,
    /** The suggestion's button (LINE allows 20 characters: a code has at most 6). */
    suggestButton: (code: string) => `โอนให้ ${code}`,
    /** What the chat shows when the button is tapped: the command it stands for. */
    suggestTapped: (no: string, code: string) => `โอน ${no} ${code}`,
  },
};

/** Problem type words officers may type after `เพิ่มประเภท <เลขที่>` (labels and short labels are also accepted). */
export const PROBLEM_TYPE_ALIASES: Partial<Record<ProblemType, readonly string[]>> = {
  income: ['รายได้', 'ความเป็นอยู่'],
  rights: ['สิทธิ', 'สวัสดิการ', 'กฎหมาย'],
  health: ['สุขภาพ', 'อุบัติเหตุ', 'เหตุด่วน'],
  family: ['ครอบครัว'],
  violence: ['ความรุนแรง'],
  other: ['อื่นๆ', 'อื่น'],
};
