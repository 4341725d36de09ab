/** What `npm run centers` tells the administrator. Field names and codes stay as the API spells them. */
export const centersTh = {
  usage:
    'วิธีใช้:\n' +
    '  npm run centers -- import <ไฟล์.json> [--uri mongodb://...]   เพิ่มหรือแทนที่ศูนย์ตามไฟล์ (ศูนย์ที่ไม่อยู่ในไฟล์คงเดิม)\n' +
    '  npm run centers -- export [<ไฟล์.json>] [--uri mongodb://...]  ส่งออกศูนย์ที่บันทึกไว้ (ไม่มีไฟล์: พิมพ์ออกหน้าจอ)\n' +
    '  npm run centers -- key create <รหัสศูนย์> [--uri ...]          สร้างคีย์ API ของศูนย์ (แสดงครั้งเดียว)\n' +
    '  npm run centers -- key revoke <id> [--uri ...]                  ยกเลิกคีย์\n' +
    '  npm run centers -- key list [<รหัสศูนย์>] [--uri ...]           รายการคีย์ (ไม่แสดงตัวคีย์)',
  noDatabase:
    'ไม่ได้ตั้งค่า MONGODB_URI: ข้อมูลศูนย์ต้องอยู่ในฐานข้อมูลเดียวกับที่ระบบที่กำลังทำงานใช้อยู่ ' +
    '(ฐานข้อมูลในหน่วยความจำของระบบเข้าถึงจากคำสั่งนี้ไม่ได้) ตั้งค่า MONGODB_URI หรือระบุ --uri แล้วลองใหม่',
  unreadable: (file: string) => `อ่านไฟล์ ${file} ไม่ได้ หรือไม่ใช่ JSON`,
  refused: 'ไม่ได้บันทึกอะไรเลย เพราะไฟล์มีปัญหาดังนี้:',
  stopped: 'บันทึกได้บางส่วน (ตามรายการข้างบน) แล้วหยุด เพราะมีการแก้ไขศูนย์จากที่อื่นระหว่างนำเข้า:',
  problemAt: (index: number, code: string | undefined) => (index < 0 ? 'ทั้งไฟล์' : `รายการที่ ${index + 1}${code ? ` (${code})` : ''}`),
  conflict: (kind: 'province' | 'group', value: string, name: string | undefined, center: string) =>
    kind === 'province' ? `จังหวัด ${name ?? value} (${value}) เป็นของศูนย์ ${center} อยู่แล้ว` : `กลุ่ม ${value} เป็นของศูนย์ ${center} อยู่แล้ว`,
  homeCenter: 'เป็นรหัสของศูนย์หลัก ซึ่งกำหนดจากการตั้งค่าระบบ (CENTER_*, DUTY_*) แก้จากไฟล์นี้ไม่ได้',
  duplicateCode: 'รหัสศูนย์ซ้ำกับรายการก่อนหน้าในไฟล์',
  written: (code: string, created: boolean, changed: boolean) =>
    `${code}: ${created ? 'เพิ่มศูนย์ใหม่แล้ว' : changed ? 'แทนที่ข้อมูลศูนย์แล้ว' : 'ไม่มีการเปลี่ยนแปลง'}`,
  exported: (n: number, file: string) => `ส่งออก ${n} ศูนย์ไปที่ ${file} แล้ว`,
  unknownCenter: (code: string) => `ไม่มีศูนย์รหัส ${code}`,
  keyCreated: (code: string, id: string, key: string) =>
    `คีย์ API ของศูนย์ ${code} (id ${id}):\n\n  ${key}\n\nเก็บคีย์นี้ไว้ในที่ปลอดภัย ระบบเก็บไว้เพียงค่าแฮช จะไม่แสดงคีย์นี้อีก`,
  keyRevoked: (id: string) => `ยกเลิกคีย์ ${id} แล้ว`,
  unknownKey: (id: string) => `ไม่มีคีย์ id ${id}`,
  keyLine: (id: string, code: string, created: string, revoked: string | undefined) =>
    `  ${id}  ${code}  สร้างเมื่อ ${created}${revoked ? `  ยกเลิกเมื่อ ${revoked}` : ''}`,
  noKeys: 'ยังไม่มีคีย์',
};
