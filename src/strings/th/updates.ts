/**
 * Every word a reporter reads from the updates feature: progress messages, tracking, rating,
 * reopening and "is this about your case?". Kept here so wording can be reviewed in one place.
 * Button labels must stay within LINE's 20 characters (Thai vowels and tone marks count).
 */

export const UPDATES_TH = {
  /** Bubble titles per kind of change. */
  title: {
    acknowledged: 'เจ้าหน้าที่รับเรื่องของคุณแล้ว',
    in_progress: 'เรื่องของคุณกำลังดำเนินการ',
    referred: 'เรื่องของคุณส่งต่อหน่วยงานแล้ว',
    closed: 'เรื่องของคุณปิดแล้ว',
    relay: 'ข้อความจากศูนย์',
    view: 'สถานะเรื่องของคุณ',
  },
  caseNumberLine: (caseNumber: string) => `เรื่องเลขที่ ${caseNumber}`,

  fact: {
    status: 'สถานะ',
    when: 'เมื่อ',
    agency: 'หน่วยงาน',
    outcome: 'ผล',
    note: 'หมายเหตุ',
    openedAt: 'แจ้งเมื่อ',
    lastUpdate: 'ล่าสุด',
  },

  timelineHeading: 'ความคืบหน้า',
  timelineMore: (n: number) => `… และอีก ${n} รายการก่อนหน้า`,
  /** How each public timeline entry reads to the reporter. */
  entry: {
    opened: 'รับแจ้งเรื่อง',
    acknowledged: 'เจ้าหน้าที่รับเรื่องแล้ว',
    in_progress: 'เจ้าหน้าที่กำลังดำเนินการ/ลงพื้นที่',
    referred: (agency: string | undefined) => (agency ? `ส่งต่อให้ ${agency}` : 'ส่งต่อหน่วยงานแล้ว'),
    closed: (outcome: string | undefined) => (outcome ? `ปิดเรื่อง: ${outcome}` : 'ปิดเรื่อง'),
    reopened: 'คุณแจ้งว่ายังไม่ได้รับความช่วยเหลือ เปิดเรื่องอีกครั้ง',
    relay: (excerpt: string) => `ข้อความจากเจ้าหน้าที่: ${excerpt}`,
    reporter_info: 'คุณส่งข้อมูลเพิ่มเติม',
  },

  relayFrom: (centerName: string) => centerName,
  relayAltText: (caseNumber: string, excerpt: string) => `ข้อความจากศูนย์ เรื่อง ${caseNumber}: ${excerpt}`,
  updateAltText: (caseNumber: string, status: string) => `เรื่อง ${caseNumber}: ${status}`,
  relayContinued: (caseNumber: string) => `ข้อความฉบับเต็มจากศูนย์ (เรื่อง ${caseNumber}):`,

  button: {
    trackAll: 'ดูทุกเรื่องของฉัน',
    trackAllDisplay: 'ติดตามเรื่อง',
    viewCase: 'ดูความคืบหน้า',
    viewCaseDisplay: (caseNumber: string) => `ดูความคืบหน้าเรื่อง ${caseNumber}`,
    newReport: 'แจ้งเรื่องใหม่',
    newCase: 'เรื่องใหม่',
    notThis: 'ไม่ใช่',
    notThisDisplay: 'ไม่ใช่เรื่องที่แจ้งไว้',
    skip: 'ข้าม',
    aboutCaseDisplay: (caseNumber: string) => `เกี่ยวกับเรื่อง ${caseNumber}`,
    /** The full phrase is sent as the display text; the label must fit 20 characters. */
    notHelped: 'ยังไม่ได้รับการแก้ไข',
    notHelpedDisplay: 'ยังไม่ได้รับความช่วยเหลือ',
  },

  rating: {
    ask: (caseNumber: string) =>
      `กรุณาให้คะแนนความพึงพอใจต่อการช่วยเหลือเรื่อง ${caseNumber} (5 = พอใจมากที่สุด)\n` +
      'หากยังไม่ได้รับความช่วยเหลือ กดปุ่ม "ยังไม่ได้รับการแก้ไข" เจ้าหน้าที่จะกลับมาดูแลอีกครั้ง',
    askReopenOnly: (caseNumber: string) =>
      `หากเรื่อง ${caseNumber} ยังไม่ได้รับความช่วยเหลือ กดปุ่ม "ยังไม่ได้รับการแก้ไข" เจ้าหน้าที่จะกลับมาดูแลอีกครั้ง`,
    scoreLabels: {
      5: '5 พอใจมากที่สุด',
      4: '4 พอใจมาก',
      3: '3 ปานกลาง',
      2: '2 พอใจน้อย',
      1: '1 ไม่พอใจ',
    } as Record<1 | 2 | 3 | 4 | 5, string>,
    scoreDisplay: (score: number) => `ให้คะแนน ${score}`,
    thanksAskComment:
      'ขอบคุณสำหรับคะแนนค่ะ ต้องการเพิ่มความคิดเห็นหรือข้อเสนอแนะหรือไม่? พิมพ์ข้อความได้เลย หรือกด "ข้าม"',
    commentThanks: 'ขอบคุณสำหรับความคิดเห็นค่ะ ศูนย์จะนำไปปรับปรุงการช่วยเหลือ',
    skipped: 'ขอบคุณค่ะ',
    alreadyRated: 'คุณให้คะแนนเรื่องนี้ไว้แล้ว ขอบคุณค่ะ',
    notClosed: 'เรื่องนี้ยังอยู่ระหว่างดำเนินการ ให้คะแนนได้เมื่อปิดเรื่องแล้วค่ะ',
  },

  reopen: {
    askWords: (caseNumber: string) =>
      `ขออภัยที่ยังไม่ได้รับความช่วยเหลือ กรุณาเล่าสั้น ๆ ว่ายังมีปัญหาอะไร (เรื่อง ${caseNumber}) หรือกด "ข้าม"`,
    done: (caseNumber: string) =>
      `เปิดเรื่อง ${caseNumber} อีกครั้งแล้ว และแจ้งทีมเจ้าหน้าที่เรียบร้อย เจ้าหน้าที่จะติดต่อกลับโดยเร็ว`,
    notClosed: (caseNumber: string) => `เรื่อง ${caseNumber} ยังอยู่ระหว่างดำเนินการ เจ้าหน้าที่กำลังดูแลอยู่ค่ะ`,
  },

  info: {
    askOne: (caseNumber: string) =>
      `ข้อความนี้เกี่ยวกับเรื่อง ${caseNumber} ที่คุณแจ้งไว้หรือไม่?\n` +
      'กดเลขที่เรื่องเพื่อส่งให้เจ้าหน้าที่ หรือกด "เรื่องใหม่" เพื่อแจ้งเรื่องใหม่',
    askMany: 'ข้อความนี้เกี่ยวกับเรื่องใดที่คุณแจ้งไว้?\nกดเลขที่เรื่องเพื่อส่งให้เจ้าหน้าที่ หรือกด "เรื่องใหม่" เพื่อแจ้งเรื่องใหม่',
    askMore: (n: number) =>
      `ได้รับแล้ว ${n} รายการ ข้อความเหล่านี้เกี่ยวกับเรื่องใด? กดเลขที่เรื่องเพื่อส่งให้เจ้าหน้าที่`,
    sent: (caseNumber: string) => `ส่งข้อมูลเพิ่มเติมถึงเจ้าหน้าที่แล้ว (เรื่อง ${caseNumber}) ขอบคุณค่ะ`,
    notSent:
      'รับทราบค่ะ ข้อความนี้ไม่ได้ส่งถึงเจ้าหน้าที่ หากต้องการแจ้งเรื่องใหม่ กด "แจ้งเรื่องใหม่" หรือดูเรื่องเดิมที่ "ดูทุกเรื่องของฉัน"',
    nothingPending: 'ไม่พบข้อความที่รอส่ง กรุณาส่งข้อความอีกครั้งค่ะ',
  },

  tracking: {
    altText: (n: number) => `เรื่องที่คุณแจ้งไว้ ${n} เรื่อง`,
    more: (n: number, example: string) =>
      `ยังมีเรื่องก่อนหน้าอีก ${n} เรื่อง พิมพ์เลขที่เรื่อง เช่น ${example} เพื่อดูความคืบหน้าของเรื่องนั้น`,
    none: 'คุณยังไม่มีเรื่องที่แจ้งไว้ค่ะ หากมีเหตุหรือต้องการความช่วยเหลือ กด "แจ้งเรื่องใหม่" ได้เลย ศรส. พร้อมช่วยเหลือ',
    notFound:
      'ไม่พบเรื่องเลขที่นี้ในรายการเรื่องที่คุณแจ้งไว้ค่ะ กรุณาตรวจสอบเลขที่เรื่อง หรือกด "ดูทุกเรื่องของฉัน"',
  },

  somethingWrong: 'ขออภัย ระบบไม่สามารถทำรายการนี้ได้ในขณะนี้ กรุณาลองใหม่อีกครั้งค่ะ',
} as const;

/** Words a reporter types that this feature answers (compared after trimming and removing spaces). */
export const UPDATES_KEYWORDS = {
  track: ['ติดตามเรื่อง', 'ติดตาม', 'ติดตามสถานะ'],
  skip: ['ข้าม'],
  /** Typed instead of tapping the button under the rating question: reopens the latest closed case. */
  notHelped: ['ยังไม่ได้รับความช่วยเหลือ', 'ยังไม่ได้รับการแก้ไข', 'ยังไม่ได้รับการช่วยเหลือ'],
} as const;
