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
  /** A timeline line: an officer opened one attachment. */
  mediaViewed: 'เปิดดูไฟล์แนบ',
} as const;
