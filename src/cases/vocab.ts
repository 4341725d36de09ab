/**
 * The center's reporting vocabulary: the categories of the provincial report (Phrae, 2567) and the
 * launch announcement. Codes are stored; Thai labels are what people read.
 */

export const PROBLEM_TYPES = ['income', 'rights', 'health', 'family', 'violence', 'other'] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];
export const PROBLEM_TYPE_LABELS: Record<ProblemType, string> = {
  income: 'รายได้/ความเป็นอยู่',
  rights: 'สิทธิ สวัสดิการ และกฎหมาย',
  health: 'สุขภาพ/อุบัติเหตุ/แจ้งเหตุด่วน',
  family: 'ความสัมพันธ์ในครอบครัว',
  violence: 'ความรุนแรง',
  other: 'อื่นๆ',
};
/** Short labels for buttons (LINE allows 20 characters per action label). */
export const PROBLEM_TYPE_SHORT: Record<ProblemType, string> = {
  income: 'รายได้/ความเป็นอยู่',
  rights: 'สิทธิ/สวัสดิการ',
  health: 'สุขภาพ/เหตุด่วน',
  family: 'ครอบครัว',
  violence: 'ความรุนแรง',
  other: 'อื่นๆ',
};
/** Problem types that make a case urgent on their own. */
export const URGENT_PROBLEM_TYPES: readonly ProblemType[] = ['violence', 'health'];

export const TARGET_GROUPS = ['child', 'youth', 'adult', 'disabled', 'elderly'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];
export const TARGET_GROUP_LABELS: Record<TargetGroup, string> = {
  child: 'เด็ก',
  youth: 'เยาวชน',
  adult: 'ผู้ใหญ่',
  disabled: 'คนพิการ',
  elderly: 'ผู้สูงอายุ',
};

export const SEXES = ['male', 'female', 'unspecified'] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABELS: Record<Sex, string> = { male: 'ชาย', female: 'หญิง', unspecified: 'ไม่ระบุ' };

/** Channels of the report's Table 2, in its order. This LINE OA is `ess_help_me`. */
export const CHANNELS = ['hotline_1300', 'opm_ops_center', 'walk_in', 'line_other', 'ess_help_me', 'referral'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  hotline_1300: 'สายด่วนศูนย์ช่วยเหลือสังคม 1300',
  opm_ops_center: 'ศปก.พม.',
  walk_in: 'Walk in',
  line_other: 'Line',
  ess_help_me: 'ESS Help Me (LINE)',
  referral: 'ประสานส่งต่อ',
};

export const CASE_STATUSES = ['new', 'acknowledged', 'in_progress', 'referred', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'รับแจ้งแล้ว รอเจ้าหน้าที่รับเรื่อง',
  acknowledged: 'เจ้าหน้าที่รับเรื่องแล้ว',
  in_progress: 'กำลังดำเนินการ/ลงพื้นที่',
  referred: 'ส่งต่อหน่วยงานแล้ว',
  closed: 'ปิดเรื่องแล้ว',
};

export const OUTCOMES = ['resolved', 'unable', 'out_of_scope', 'duplicate'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  resolved: 'ช่วยเหลือแล้ว',
  unable: 'ไม่สามารถช่วยได้',
  out_of_scope: 'ไม่อยู่ในอำนาจ',
  // A copy of another case, merged into it (contract 1): closed, counted nowhere in reports.
  duplicate: 'ซ้ำ/รวมกับเรื่องอื่น',
};
