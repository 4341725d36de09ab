/** Words about evidence (photos, voice, video, files): to citizens (ค่ะ) and officers (ครับ, as duty's). */
export const evidenceTh = {
  /** To the citizen: one attachment is larger than the center can keep (EVIDENCE_MAX_FILE_MB). */
  fileTooLarge: (type: string, maxMb: number) =>
    `ขออภัยค่ะ ${type}ที่ส่งมามีขนาดใหญ่เกิน ${maxMb} MB ระบบจึงเก็บไว้ไม่ได้ หากเป็นไปได้ กรุณาส่งไฟล์ที่เล็กลง หรือแบ่งส่งเป็นหลายส่วนค่ะ`,
  /** To the citizen: the case already holds as much evidence as allowed (EVIDENCE_MAX_CASE_MB). */
  caseFull: (type: string, caseNumber: string) =>
    `ขออภัยค่ะ เรื่อง ${caseNumber} มีไฟล์แนบครบจำนวนที่ระบบเก็บได้แล้ว ${type}ล่าสุดจึงไม่ได้ถูกเก็บไว้ หากมีหลักฐานสำคัญเพิ่มเติม เจ้าหน้าที่จะติดต่อขอรับโดยตรงค่ะ`,
  /** To the officer, after รายละเอียด, when PUBLIC_BASE_URL is not set. */
  seeInConsole: (count: number) => `เรื่องนี้มีไฟล์แนบ ${count} รายการ ดูได้ในคอนโซลของศูนย์ครับ`,
  /** To the officer: items that could not be sent in LINE (too large for LINE, a file, not stored). */
  notInLine: (count: number) => `ไฟล์แนบอีก ${count} รายการส่งทาง LINE ไม่ได้ (ไฟล์เอกสาร ขนาดเกินที่ LINE รับ หรือยังจัดเก็บไม่สำเร็จ) ดูได้ในคอนโซลของศูนย์ครับ`,
  /** To the officer: how long the media links work. */
  linksExpire: (count: number, hours: number) => `ส่งไฟล์แนบ ${count} รายการ ลิงก์ใช้ได้ ${hours} ชั่วโมงครับ`,
  /** Evidence status as officers read it on the details card. */
  status: {
    pending: 'กำลังจัดเก็บ',
    stored: 'จัดเก็บแล้ว',
    failed: 'จัดเก็บไม่สำเร็จ (LINE ไม่มีไฟล์นี้แล้ว)',
    refused: 'ไม่ได้จัดเก็บ (เกินขนาดที่กำหนด)',
  } as Record<'pending' | 'stored' | 'failed' | 'refused', string>,
  /** Officers sending a photo to the reporter through the case (relay, and the "after" photo with a close). */
  photo: {
    ask: (no: string, minutes: number) =>
      `ส่งรูปในกลุ่มนี้ภายใน ${minutes} นาที ระบบจะส่งรูปแรกที่คุณส่งถึงผู้แจ้งเรื่อง ${no} และเก็บเป็นหลักฐานของเรื่อง (หรือพิมพ์ ยกเลิก)`,
    askAfter: (no: string, minutes: number) =>
      `หากมีรูปหลังการช่วยเหลือ ส่งในกลุ่มนี้ภายใน ${minutes} นาที ผู้แจ้งเรื่อง ${no} จะได้เห็นรูปนี้ต่อจากแจ้งปิดเรื่อง (หรือพิมพ์ ข้าม)`,
    relayed: (no: string) => `ส่งรูปถึงผู้แจ้งเรื่อง ${no} แล้ว และเก็บเป็นหลักฐานของเรื่องแล้วครับ`,
    afterSent: (no: string) => `ส่งรูปหลังการช่วยเหลือถึงผู้แจ้งเรื่อง ${no} แล้ว และเก็บเป็นหลักฐานของเรื่องแล้วครับ`,
    skipped: (no: string) => `ไม่ส่งรูปหลังการช่วยเหลือของเรื่อง ${no} ครับ`,
    noLinks:
      'ส่งรูปถึงผู้แจ้งไม่ได้ เพราะระบบยังไม่ได้ตั้งค่า PUBLIC_BASE_URL (ที่อยู่ https ของบริการ) รูปจะส่งผ่าน LINE ได้เมื่อตั้งค่านี้แล้ว กรุณาแจ้งผู้ดูแลระบบครับ',
    noReporter: (no: string) => `เรื่อง ${no} ไม่ได้แจ้งผ่าน LINE จึงส่งรูปถึงผู้แจ้งไม่ได้ครับ`,
    gone: 'ดึงรูปนี้จาก LINE ไม่ได้ กรุณาส่งรูปอีกครั้งภายในเวลาเดิมครับ',
    tooLarge: (maxMb: number) => `รูปนี้มีขนาดเกิน ${maxMb} MB ระบบจึงเก็บและส่งต่อไม่ได้ กรุณาส่งรูปที่เล็กลงภายในเวลาเดิมครับ`,
    caseFull: (no: string) => `เรื่อง ${no} มีไฟล์แนบครบจำนวนที่ระบบเก็บได้แล้ว จึงส่งรูปนี้ไม่ได้ครับ`,
    /** The case card's button (d:photo). */
    button: 'ส่งรูปถึงผู้แจ้ง',
    pick: 'เลือกรูป',
    camera: 'ถ่ายรูป',
    skip: 'ข้าม',
  },
  /** What an officer types to send no "after" photo (the same as the chip). */
  skipWords: ['ข้าม', 'ไม่ส่งรูป'] as readonly string[],
  /** A timeline line: an officer opened one attachment. */
  mediaViewed: 'เปิดดูไฟล์แนบ',
} as const;
