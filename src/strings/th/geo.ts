/** Thai names of the regions the geography groups provinces by (Natural Earth's six, src/geo). */
export const REGION_LABELS: Readonly<Record<string, string>> = {
  Northern: 'ภาคเหนือ',
  Northeastern: 'ภาคตะวันออกเฉียงเหนือ',
  Central: 'ภาคกลาง',
  Eastern: 'ภาคตะวันออก',
  Western: 'ภาคตะวันตก',
  Southern: 'ภาคใต้',
};

/** Region names on quick-reply buttons (LINE allows 20 characters): the Northeast by its everyday name. */
export const REGION_BUTTON_LABELS: Readonly<Record<string, string>> = { ...REGION_LABELS, Northeastern: 'ภาคอีสาน' };

/**
 * What a province's districts and sub-districts are called. Bangkok (DOPA code 10) is divided into
 * เขต and แขวง; every other province into อำเภอ and ตำบล. `short` is the prefix written before a
 * name ("อ.ลอง", "เขตบางรัก": Bangkok has no short form).
 */
export interface DistrictWords {
  district: 'อำเภอ' | 'เขต';
  short: 'อ.' | 'เขต';
  subdistrict: 'ตำบล' | 'แขวง';
}
export const AMPHOE_WORDS: DistrictWords = { district: 'อำเภอ', short: 'อ.', subdistrict: 'ตำบล' };
export const KHET_WORDS: DistrictWords = { district: 'เขต', short: 'เขต', subdistrict: 'แขวง' };

export const BANGKOK_CODE = '10';
export const BANGKOK_NAME = 'กรุงเทพมหานคร';

/**
 * Whether a place is in Bangkok, from whatever it carries: a province or district code (district
 * codes start with their province's), or the province's official name.
 */
export const inBangkok = (p: { code?: string; provinceCode?: string; districtCode?: string; province?: string; name?: string } | undefined): boolean =>
  !!p &&
  (p.provinceCode === BANGKOK_CODE ||
    p.code?.slice(0, 2) === BANGKOK_CODE ||
    p.districtCode?.slice(0, 2) === BANGKOK_CODE ||
    p.province === BANGKOK_NAME ||
    p.name === BANGKOK_NAME);

export const districtWords = (p: Parameters<typeof inBangkok>[0]): DistrictWords => (inBangkok(p) ? KHET_WORDS : AMPHOE_WORDS);
