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
