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
} as const;

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
    district: 'อำเภอ',
    outOfProvince: 'นอกจังหวัด (ต้องประสานส่งต่อ)',
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
    confidential: 'ข้อมูลส่วนบุคคล ใช้เพื่อการช่วยเหลือเท่านั้น ห้ามส่งต่อ',
  },

  attachmentTypes: { image: 'รูปภาพ', audio: 'เสียง', video: 'วิดีโอ', file: 'ไฟล์' } as Record<string, string>,
  /** How officers fetch an attachment: the admin API (the LINE content is fetched there, with a token). */
  attachmentRef: (no: string, type: string, messageId: string) =>
    `${type}: GET /api/cases/${no}/attachments/${messageId}`,

  queue: {
    alt: (n: number) => `คิวเรื่องที่ยังไม่ปิด ${n} เรื่อง`,
    title: (n: number) => `คิว: ยังไม่ปิด ${n} เรื่อง`,
    subtitle: 'ด่วนก่อน แล้วเรียงจากเก่าสุด · แตะเพื่อดูเรื่อง',
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
    note: (no: string) => `บันทึกภายในของ ${no} แล้ว (ผู้แจ้งไม่เห็นบันทึกนี้)`,
    relay: (no: string) => `ส่งข้อความถึงผู้แจ้งเรื่อง ${no} แล้ว`,
    typesAdded: (no: string, labels: string) => `เพิ่มประเภทปัญหาของ ${no}: ${labels}`,
    nextSteps: 'ขั้นต่อไป:',
  },

  ask: {
    agency: (no: string) => `ส่งต่อ ${no} ไปหน่วยงานใด? เลือกด้านล่าง หรือพิมพ์ชื่อหน่วยงานในข้อความถัดไป`,
    agencyTyped: (no: string) => `พิมพ์ชื่อหน่วยงานที่ส่งต่อเรื่อง ${no} ในข้อความถัดไป (หรือพิมพ์ ยกเลิก)`,
    outcome: (no: string) => `ปิดเรื่อง ${no}: เลือกผลการช่วยเหลือ`,
    note: (no: string, outcome: string) =>
      `ปิดเรื่อง ${no} (${outcome}): พิมพ์บันทึกปิดเรื่องในข้อความถัดไป (หรือพิมพ์ ยกเลิก)`,
    types: (no: string) => `เพิ่มประเภทปัญหาของ ${no}: เลือกด้านล่าง`,
    noMoreTypes: (no: string) => `เรื่อง ${no} มีครบทุกประเภทปัญหาแล้ว`,
    cancelled: 'ยกเลิกแล้ว',
  },

  refusal: {
    notFound: (no: string) => `ไม่พบเรื่องเลขที่ ${no}`,
    alreadyAcknowledged: (no: string, owner: string) => `เรื่อง ${no} มีผู้รับเรื่องแล้ว: ${owner}`,
    notAcknowledged: (no: string) => `เรื่อง ${no} ยังไม่มีผู้รับเรื่อง กด "รับเรื่อง" ก่อน`,
    closed: (no: string) => `เรื่อง ${no} ปิดไปแล้ว`,
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
    reporterInfo: (no: string) => `📩 ผู้แจ้งส่งข้อมูลเพิ่มเติมเรื่อง ${no}`,
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

  usage: {
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
      `ปิด ${example} <ผล> <บันทึก> — ผล: ช่วยเหลือแล้ว / ไม่สามารถช่วยได้ / ไม่อยู่ในอำนาจ`,
      `บันทึก ${example} <ข้อความ> — บันทึกภายใน ผู้แจ้งไม่เห็น`,
      `ตอบ ${example} <ข้อความ> — ส่งข้อความถึงผู้แจ้ง`,
      `เพิ่มประเภท ${example} <ประเภท>`,
      `รายละเอียด ${example} — เบอร์โทร/รายละเอียด ส่งทางแชตส่วนตัว`,
      'ยกเลิก — ยกเลิกคำสั่งที่ค้างอยู่',
      'พิมพ์เลขที่เรื่องเป็นตัวพิมพ์เล็ก/ใหญ่ เว้นวรรค หรือเลขไทยก็ได้',
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
    usage:
      'วิธีใช้:\n  npm run duty -- enroll-code [--role day|night|both|escalation] [--ttl-minutes 60] [--uri mongodb://...]\n  npm run duty -- list [--uri mongodb://...]',
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
