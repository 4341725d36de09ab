/** Words shared by every feature. */
export const COMMON = {
  /** A group command could not be handled even after retries (citizens get intake's own words). */
  failedGroup: 'ขออภัย ระบบขัดข้องชั่วคราว คำสั่งล่าสุดในกลุ่มยังไม่ได้ดำเนินการ กรุณาลองอีกครั้ง',
} as const;
