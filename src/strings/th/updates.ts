/**
 * Every word a reporter reads from the updates feature: progress messages, tracking, rating,
 * reopening and "is this about your case?". Kept here so wording can be reviewed in one place.
 * Button labels must stay within LINE's 20 characters (Thai vowels and tone marks count).
 */

export const UPDATES_TH = {
  /** Issue 12: the case moved to another center; the reporter keeps the same number. */
  transferred: (caseNumber: string, centerName: string) =>
    `เรื่องเลขที่ ${caseNumber} ได้โอนไปให้ ${centerName} ดูแลแล้วค่ะ เลขที่เรื่องยังเหมือนเดิม ติดตามได้ตามปกติค่ะ`,
  /** Bubble titles per kind of change. */
  title: {
    acknowledged: 'เจ้าหน้าที่รับเรื่องของคุณแล้ว',
    in_progress: 'เรื่องของคุณกำลังดำเนินการ',
    referred: 'เรื่องของคุณส่งต่อหน่วยงานแล้ว',
    closed: 'เรื่องของคุณปิดแล้ว',
    /** An urgent case acknowledged: said only once an officer has taken it. */
    acknowledgedUrgent: 'เจ้าหน้าที่รับเรื่องด่วนของคุณแล้ว',
    merged: (into: string) => `เรื่องของคุณรวมกับเรื่อง ${into} แล้ว`,
    relay: 'ข้อความจากศูนย์',
    view: 'สถานะเรื่องของคุณ',
  },
  caseNumberLine: (caseNumber: string) => `เรื่องเลขที่ ${caseNumber}`,

  /** The first line under a status bubble's title, for changes that need a word on what happens next. */
  lead: {
    acknowledgedUrgent: 'ทีมเจ้าหน้าที่กำลังดำเนินการช่วยเหลือค่ะ ถ้ามีอันตรายตอนนี้ โทร 191 ได้ทันที',
    acknowledged: 'เจ้าหน้าที่จะดำเนินการและแจ้งความคืบหน้าให้ทราบในแชตนี้ค่ะ',
    mergedOwn: (into: string) => `เจ้าหน้าที่ดำเนินการต่อในเรื่อง ${into} ความคืบหน้าจะแจ้งในเรื่องนั้นค่ะ`,
    mergedOther: (into: string) =>
      `เจ้าหน้าที่ดำเนินการเรื่องนี้ต่อรวมกับเรื่องเลขที่ ${into} ค่ะ ความคืบหน้าของเรื่องนั้นจะแจ้งให้ทราบในแชตนี้ หากยังต้องการความช่วยเหลือ แตะ "ยังไม่ได้รับการแก้ไข"`,
    /** Above the progress of the case a reporter's copy was merged into (someone else's report of the same emergency). */
    follower: (copy: string, main: string) => `เรื่อง ${copy} ที่คุณแจ้งไว้ รวมอยู่ในเรื่อง ${main} ค่ะ นี่คือความคืบหน้าของเรื่องนั้น`,
  },
  /**
   * The reporter of a copy merged into another case (a follower, updates/followers.ts) reads that
   * case's steps: each title names the case their report was joined with, never "your case" alone
   * (their own number is closed, the step is the other case's), and the notification preview says
   * both numbers. Nothing of the other reporter.
   */
  follower: {
    title: {
      acknowledged: (main: string) => `เจ้าหน้าที่รับเรื่อง ${main} ที่รวมเรื่องของคุณไว้แล้ว`,
      acknowledgedUrgent: (main: string) => `เจ้าหน้าที่รับเรื่องด่วน ${main} ที่รวมเรื่องของคุณไว้แล้ว`,
      in_progress: (main: string) => `เรื่อง ${main} ที่รวมเรื่องของคุณไว้ กำลังดำเนินการ`,
      referred: (main: string) => `เรื่อง ${main} ที่รวมเรื่องของคุณไว้ ส่งต่อหน่วยงานแล้ว`,
      closed: (main: string) => `เรื่อง ${main} ที่รวมเรื่องของคุณไว้ ปิดแล้ว`,
      /** The case that carried their report was itself joined with a third one (a chain of merges). */
      mergedOn: (main: string, into: string) => `เรื่อง ${main} ที่รวมเรื่องของคุณไว้ รวมกับเรื่อง ${into} แล้ว`,
      view: (main: string) => `สถานะเรื่อง ${main} ที่รวมเรื่องของคุณไว้`,
    },
    /** Under the lead when the case that carries on closed: their own copy can still be reopened. */
    closedLead: (copy: string, main: string) =>
      `เรื่อง ${copy} ที่คุณแจ้งไว้ รวมอยู่ในเรื่อง ${main} ค่ะ เรื่องนั้นปิดแล้ว หากคุณยังต้องการความช่วยเหลือ แตะ "ยังไม่ได้รับการแก้ไข" ค่ะ`,
    altText: (copy: string, main: string, status: string) => `เรื่อง ${copy} ของคุณ (รวมกับเรื่อง ${main}): ${status}`,
  },
  /** The case a reporter's copy was merged into moved to another center. */
  followerTransferred: (copy: string, main: string, centerName: string) =>
    `เรื่อง ${main} ที่รวมเรื่อง ${copy} ของคุณไว้ ได้โอนไปให้ ${centerName} ดูแลแล้วค่ะ ติดตามได้ตามปกติค่ะ`,

  fact: {
    status: 'สถานะ',
    when: 'เมื่อ',
    agency: 'หน่วยงาน',
    outcome: 'ผล',
    note: 'หมายเหตุ',
    openedAt: 'แจ้งเมื่อ',
    carriesOn: 'ดำเนินการต่อใน',
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
    relayPhoto: 'เจ้าหน้าที่ส่งรูปถึงคุณ',
    afterPhoto: 'รูปหลังการช่วยเหลือจากเจ้าหน้าที่',
    reporter_info: 'คุณส่งข้อมูลเพิ่มเติม',
    reporter_pin: 'คุณส่งตำแหน่งใหม่',
    mergedInto: (into: string) => `รวมกับเรื่อง ${into}`,
    merged_from: (from: string | undefined) => (from ? `รวมเรื่อง ${from} เข้ามา` : 'รวมเรื่องที่แจ้งซ้ำเข้ามา'),
  },
  tracking_merged: (into: string) => `รวมกับเรื่อง ${into} แล้ว`,
  /** A merged copy in "ติดตามเรื่อง": the case that carries on and its latest step. */
  trackingCarriedOn: (into: string, last: string) => `รวมกับเรื่อง ${into} แล้ว ล่าสุด: ${last}`,

  relayFrom: (centerName: string) => centerName,
  relayAltText: (caseNumber: string, excerpt: string) => `ข้อความจากศูนย์ เรื่อง ${caseNumber}: ${excerpt}`,
  updateAltText: (caseNumber: string, status: string) => `เรื่อง ${caseNumber}: ${status}`,
  relayContinued: (caseNumber: string) => `ข้อความฉบับเต็มจากศูนย์ (เรื่อง ${caseNumber}):`,
  /** Above an officer's photo sent through the case (the image message follows). */
  relayPhoto: (caseNumber: string, centerName: string) => `เจ้าหน้าที่${centerName}ส่งรูปถึงคุณ เกี่ยวกับเรื่อง ${caseNumber} ค่ะ`,
  /** Above the "after" photo sent with the close: what the help looked like. */
  afterPhoto: (caseNumber: string) => `รูปหลังการช่วยเหลือเรื่อง ${caseNumber} จากเจ้าหน้าที่ค่ะ`,

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
    sendPin: '📍 ส่งตำแหน่ง',
    call191: 'โทร 191 ตำรวจ',
    call1300: 'โทร 1300 พม.',
    sos: 'ขอความช่วยเหลือด่วน',
    safe: 'ปลอดภัย',
    unsafe: 'ไม่ปลอดภัย',
  },

  rating: {
    ask: (caseNumber: string) =>
      `กรุณาให้คะแนนความพึงพอใจต่อการช่วยเหลือเรื่อง ${caseNumber} (5 = พอใจมากที่สุด)\n` +
      'หากยังไม่ได้รับความช่วยเหลือ แตะ "ยังไม่ได้รับการแก้ไข" เรื่องจะกลับไปถึงเจ้าหน้าที่เวรอีกครั้งค่ะ',
    askReopenOnly: (caseNumber: string) =>
      `หากเรื่อง ${caseNumber} ยังไม่ได้รับความช่วยเหลือ แตะ "ยังไม่ได้รับการแก้ไข" เรื่องจะกลับไปถึงเจ้าหน้าที่เวรอีกครั้งค่ะ`,
    scoreLabels: {
      5: '5 พอใจมากที่สุด',
      4: '4 พอใจมาก',
      3: '3 ปานกลาง',
      2: '2 พอใจน้อย',
      1: '1 ไม่พอใจ',
    } as Record<1 | 2 | 3 | 4 | 5, string>,
    scoreDisplay: (score: number) => `ให้คะแนน ${score}`,
    thanksAskComment:
      'ขอบคุณสำหรับคะแนนค่ะ ต้องการเพิ่มความคิดเห็นหรือข้อเสนอแนะหรือไม่? พิมพ์ข้อความได้เลย หรือแตะ "ข้าม"',
    commentThanks: 'ขอบคุณสำหรับความคิดเห็นค่ะ ศูนย์จะนำไปปรับปรุงการช่วยเหลือ',
    skipped: 'ขอบคุณค่ะ',
    alreadyRated: 'คุณให้คะแนนเรื่องนี้ไว้แล้ว ขอบคุณค่ะ',
    notClosed: 'เรื่องนี้ยังอยู่ระหว่างดำเนินการ ให้คะแนนได้เมื่อปิดเรื่องแล้วค่ะ',
  },

  reopen: {
    askWords: (caseNumber: string) =>
      `ขออภัยที่ยังไม่ได้รับความช่วยเหลือค่ะ กรุณาเล่าสั้น ๆ ว่ายังมีปัญหาอะไร (เรื่อง ${caseNumber}) หรือแตะ "ข้าม"`,
    // Before an officer acknowledges, nothing promises a call or a team: only where the case is.
    done: (caseNumber: string) =>
      `เปิดเรื่อง ${caseNumber} อีกครั้งแล้ว และส่งถึงเจ้าหน้าที่เวรแล้วค่ะ เมื่อเจ้าหน้าที่รับเรื่อง จะแจ้งให้ทราบในแชตนี้`,
    notClosed: (caseNumber: string, status: string) => `เรื่อง ${caseNumber} ยังไม่ได้ปิดค่ะ สถานะตอนนี้: ${status}`,
  },

  info: {
    askOne: (caseNumber: string) =>
      `ข้อความนี้เกี่ยวกับเรื่อง ${caseNumber} ที่คุณแจ้งไว้หรือไม่?\n` +
      'แตะเลขที่เรื่องเพื่อส่งให้เจ้าหน้าที่ หรือแตะ "เรื่องใหม่" เพื่อแจ้งเรื่องใหม่ค่ะ',
    askMany: 'ข้อความนี้เกี่ยวกับเรื่องใดที่คุณแจ้งไว้คะ?\nแตะเลขที่เรื่องเพื่อส่งให้เจ้าหน้าที่ หรือแตะ "เรื่องใหม่" เพื่อแจ้งเรื่องใหม่',
    askMore: (n: number) =>
      `ได้รับแล้ว ${n} รายการ ข้อความเหล่านี้เกี่ยวกับเรื่องใดคะ? แตะเลขที่เรื่องเพื่อส่งให้เจ้าหน้าที่`,
    /** One short line for everything added to a case: the same words whether picked or attached at once. */
    sent: (caseNumber: string) => `ได้รับแล้วค่ะ บันทึกไว้ในเรื่อง ${caseNumber} และแจ้งเจ้าหน้าที่แล้ว`,
    pinSent: (caseNumber: string) => `ได้รับตำแหน่งใหม่แล้วค่ะ บันทึกไว้ในเรื่อง ${caseNumber} และแจ้งเจ้าหน้าที่แล้ว`,
    /** A pin is this channel's SOS gesture: on a non-urgent case, the way to an urgent one is offered at once. */
    pinNotUrgent: 'ถ้ามีอันตรายตอนนี้ แตะ "ขอความช่วยเหลือด่วน" หรือโทร 191',
    stickerThanks: (caseNumber: string | undefined) =>
      caseNumber
        ? `ขอบคุณค่ะ ถ้ามีข้อมูลเพิ่มเติมเรื่อง ${caseNumber} พิมพ์หรือส่งรูปมาในแชตนี้ได้เลย`
        : 'ขอบคุณค่ะ ถ้ามีข้อมูลเพิ่มเติม พิมพ์หรือส่งรูปมาในแชตนี้ได้เลย',
    /** The SOS words or button again while the urgent case is open: no second case, the officers are told again. */
    sosAgain: (caseNumber: string, acknowledged: boolean) =>
      acknowledged
        ? `เจ้าหน้าที่รับเรื่องด่วน ${caseNumber} ของคุณแล้วและกำลังดำเนินการ แจ้งเจ้าหน้าที่ซ้ำให้แล้วค่ะ ถ้ามีอันตรายตอนนี้ โทร 191 ได้ทันที`
        : `เรื่องด่วน ${caseNumber} ของคุณส่งถึงเจ้าหน้าที่เวรแล้ว และแจ้งซ้ำให้แล้วค่ะ ถ้ามีอันตรายตอนนี้ โทร 191 ได้ทันที ส่งตำแหน่งหรือเล่าเพิ่มในแชตนี้ได้เลย`,
    notSent:
      'รับทราบค่ะ ข้อความนี้ไม่ได้ส่งถึงเจ้าหน้าที่ หากต้องการแจ้งเรื่องใหม่ แตะ "แจ้งเรื่องใหม่" หรือดูเรื่องเดิมที่ "ดูทุกเรื่องของฉัน"',
    nothingPending: 'ไม่พบข้อความที่รอส่ง กรุณาส่งข้อความอีกครั้งค่ะ',
  },

  tracking: {
    altText: (n: number) => `เรื่องที่คุณแจ้งไว้ ${n} เรื่อง`,
    more: (n: number, example: string) =>
      `ยังมีเรื่องก่อนหน้าอีก ${n} เรื่อง พิมพ์เลขที่เรื่อง เช่น ${example} เพื่อดูความคืบหน้าของเรื่องนั้น`,
    none: 'คุณยังไม่มีเรื่องที่แจ้งไว้ค่ะ หากมีเหตุหรือต้องการความช่วยเหลือ แตะ "แจ้งเรื่องใหม่" ได้เลย ศรส. พร้อมช่วยเหลือ',
    notFound:
      'ไม่พบเรื่องเลขที่นี้ในรายการเรื่องที่คุณแจ้งไว้ค่ะ กรุณาตรวจสอบเลขที่เรื่อง หรือแตะ "ดูทุกเรื่องของฉัน"',
  },

  /** "Still safe?": asked while an urgent case waits for an officer past half its SLA. */
  checkin: {
    title: 'ยังปลอดภัยไหมคะ',
    body: (caseNumber: string) =>
      `เรื่องด่วน ${caseNumber} ส่งถึงเจ้าหน้าที่เวรแล้ว และยังรอเจ้าหน้าที่รับเรื่อง แตะตอบได้เลยค่ะ`,
    altText: (caseNumber: string) =>
      `ยังปลอดภัยไหมคะ (เรื่อง ${caseNumber}) แตะ "ปลอดภัย" หรือ "ไม่ปลอดภัย" ถ้ามีอันตรายตอนนี้ โทร 191`,
    safeThanks: (caseNumber: string) =>
      `ขอบคุณที่แจ้งค่ะ บันทึกไว้ในเรื่อง ${caseNumber} แล้ว ถ้าไม่ปลอดภัยเมื่อใด แตะ "ไม่ปลอดภัย" หรือโทร 191 ได้ทันที`,
    unsafeTitle: 'โทร 191 ได้ทันทีค่ะ',
    unsafeBody: (caseNumber: string) =>
      `แจ้งเจ้าหน้าที่เวรแล้วว่าคุณไม่ปลอดภัย (เรื่อง ${caseNumber}) ถ้าย้ายที่ได้ ส่งตำแหน่งใหม่มาในแชตนี้`,
    unsafeAlt: (caseNumber: string) => `โทร 191 ได้ทันที แจ้งเจ้าหน้าที่เวรแล้วว่าคุณไม่ปลอดภัย (เรื่อง ${caseNumber})`,
    closedUnsafe: (caseNumber: string) =>
      `เรื่อง ${caseNumber} ปิดไปแล้วค่ะ ถ้ามีอันตรายตอนนี้ โทร 191 ได้ทันที หรือแตะ "ขอความช่วยเหลือด่วน" เพื่อแจ้งเหตุใหม่`,
    closedSafe: 'ขอบคุณค่ะ',
  },

  somethingWrong: 'ขออภัย ระบบไม่สามารถทำรายการนี้ได้ในขณะนี้ กรุณาลองใหม่อีกครั้งค่ะ',

  /**
   * The case moved by itself to the center serving the place the reporter sent later (duty/reroute.ts):
   * why, who helps now, and that their number stays. `province` is the official name.
   */
  rerouted: (caseNumber: string, province: string, centerName: string) =>
    `ตำแหน่งที่คุณส่งมาอยู่ในพื้นที่ ${province} จึงส่งเรื่องเลขที่ ${caseNumber} ให้ ${centerName} ซึ่งดูแลพื้นที่นั้นช่วยเหลือแล้วค่ะ เลขที่เรื่องยังเหมือนเดิม ติดตามได้ตามปกติค่ะ`,
} as const;

/** Words a reporter types that this feature answers (compared after trimming and removing spaces). */
export const UPDATES_KEYWORDS = {
  track: ['ติดตามเรื่อง', 'ติดตาม', 'ติดตามสถานะ'],
  skip: ['ข้าม'],
  /** Typed instead of tapping the button under the rating question: reopens the latest closed case. */
  notHelped: ['ยังไม่ได้รับความช่วยเหลือ', 'ยังไม่ได้รับการแก้ไข', 'ยังไม่ได้รับการช่วยเหลือ'],
} as const;
