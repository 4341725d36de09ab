/**
 * Thai words of the center's performance report (laid out like Phrae's published report, 2567)
 * and of the demo data. Category labels themselves come from `src/cases/vocab.ts`.
 */
export const REPORT_TH = {
  titlePrefix: 'รายงานผลการดำเนินงานของ',
  rangeLine: (range: string) => `ข้อมูลตั้งแต่วันที่ ${range}`,
  totalLine: (total: number) => `มีจำนวนทั้งสิ้น ${total} กรณี`,
  sexSplit: (male: number, female: number) => `แบ่งออกเป็น เพศชาย จำนวน ${male} กรณี และเพศหญิง จำนวน ${female} กรณี`,
  sexUnspecified: (n: number) => `ไม่ระบุเพศ จำนวน ${n} กรณี`,
  generatedAt: (when: string) => `จัดทำเมื่อ ${when}`,

  table2:
    'ตารางที่ 2 ตารางรายงานผลการให้ความช่วยเหลือผู้ประสบปัญหาทางสังคมโดยจำแนกช่องทางการขอรับความช่วยเหลือของผู้ประสบปัญหาทางสังคม',
  table3: 'ตารางที่ 3 ตารางรายงานผลการให้ความช่วยเหลือผู้ประสบปัญหาทางสังคมโดยจำแนกกลุ่มเป้าหมาย',
  /** National report (issue 12): by province and by center instead of the ~930 districts. */
  table1Provinces: 'ตารางที่ 1 ตารางรายงานผลการให้ความช่วยเหลือผู้ประสบปัญหาทางสังคมโดยจำแนกตามจังหวัด',
  table1Centers: 'ตารางที่ 1.1 ตารางรายงานผลการให้ความช่วยเหลือผู้ประสบปัญหาทางสังคมโดยจำแนกตามศูนย์ที่รับผิดชอบ',
  nationalName: 'ศรส. ทุกจังหวัด (ภาพรวมทั้งประเทศ)',
  nationalArea: 'ทั้งประเทศ',
  /**
   * Table 1 by district, named by what the center's provinces are divided into: Bangkok's are เขต,
   * everywhere else อำเภอ; a center serving Bangkok and other provinces says both.
   */
  byDistrictUnit: {
    amphoe: { table1: 'ตารางที่ 1 ตารางรายงานผลการให้ความช่วยเหลือผู้ประสบปัญหาทางสังคมโดยจำแนกตามอำเภอ', col: 'อำเภอ' },
    khet: { table1: 'ตารางที่ 1 ตารางรายงานผลการให้ความช่วยเหลือผู้ประสบปัญหาทางสังคมโดยจำแนกตามเขต', col: 'เขต' },
    both: { table1: 'ตารางที่ 1 ตารางรายงานผลการให้ความช่วยเหลือผู้ประสบปัญหาทางสังคมโดยจำแนกตามอำเภอ/เขต', col: 'อำเภอ/เขต' },
  },
  /** A district in a center serving several provinces. */
  districtOf: (district: string, province: string) => `${district} (${province})`,
  problemsHeading: 'สภาพปัญหาที่ผู้ประสบปัญหาทางสังคมขอรับความช่วยเหลือ เรียงตามจำนวน',
  problemLine: (label: string, n: number) => `ปัญหา${label} จำนวน ${n} กรณี`,
  problemsNote: (mentions: number, total: number) =>
    `หมายเหตุ: กรณีหนึ่งอาจมีได้หลายสภาพปัญหา จึงนับ ${mentions} ครั้ง จาก ${total} กรณี`,
  noProblemType: 'ยังไม่ระบุสภาพปัญหา',
  noProblemTypeLine: (n: number) => `ยังไม่ระบุสภาพปัญหา จำนวน ${n} กรณี`,
  sexHeading: 'จำแนกตามเพศ',

  colOrder: 'ลำดับ',
  colProvince: 'จังหวัด',
  colCenter: 'ศูนย์',
  colChannel: 'ช่องทางการใช้บริการ',
  colTargetGroup: 'กลุ่มเป้าหมาย',
  colProblemType: 'สภาพปัญหา',
  colSex: 'เพศ',
  colCount: 'จำนวน (กรณี)',
  total: 'รวม',
  /** The extra district row for cases outside the province or without a district. */
  outsideOrUnknown: 'นอกเขต/ไม่ระบุ',
  unspecified: 'ไม่ระบุ',
  chartTitle: (table: string) => `แผนภูมิ${table}`,

  csv: {
    header: ['หมวด', 'รหัส', 'รายการ', 'จำนวน (กรณี)'],
    center: 'ศูนย์',
    range: 'ช่วงข้อมูล',
    total: 'ทั้งหมด',
    sex: 'เพศ',
    province: 'จังหวัด',
    byCenter: 'ศูนย์ที่รับผิดชอบ',
    channel: 'ช่องทาง',
    targetGroup: 'กลุ่มเป้าหมาย',
    problemType: 'สภาพปัญหา',
    status: 'สถานะ',
  },
} as const;

/** Words of the demo data set (`npm run seed:demo`): clearly marked so nobody mistakes it for a real case. */
export const DEMO_TH = {
  details: {
    income: 'ข้อมูลสาธิต: ขาดรายได้ ขอรับการช่วยเหลือด้านความเป็นอยู่',
    rights: 'ข้อมูลสาธิต: สอบถามสิทธิและสวัสดิการ',
    health: 'ข้อมูลสาธิต: ต้องการความช่วยเหลือด้านสุขภาพ',
    family: 'ข้อมูลสาธิต: ปัญหาความสัมพันธ์ในครอบครัว',
    violence: 'ข้อมูลสาธิต: แจ้งเหตุความรุนแรง',
    other: 'ข้อมูลสาธิต: เรื่องอื่นๆ',
  },
  officerName: 'เจ้าหน้าที่ ศรส. (สาธิต)',
  referredTo: 'องค์การบริหารส่วนตำบล (สาธิต)',
  closingNote: 'ข้อมูลสาธิต: ให้ความช่วยเหลือเรียบร้อย',
  closingNoteUnable: 'ข้อมูลสาธิต: ไม่สามารถช่วยเหลือได้',
  closingNoteOutOfScope: 'ข้อมูลสาธิต: ส่งเรื่องให้หน่วยงานที่รับผิดชอบ',
} as const;
