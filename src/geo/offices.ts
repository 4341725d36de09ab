/**
 * District office coordinates (approximate), used only to propose the nearest district for a pin
 * whose address names none. No well-kept package carries them for the whole country, so they are
 * kept by hand for the provinces a center has checked: today Phrae's 8 (moved unchanged from
 * src/cases/geo.ts). Elsewhere the district comes from the address text or the postcode, or the
 * reporter picks it from the province's list.
 */
export const DISTRICT_OFFICES: Readonly<Record<string, { lat: number; lng: number }>> = {
  '5401': { lat: 18.1446, lng: 100.1403 },
  '5402': { lat: 18.3397, lng: 100.3175 },
  '5403': { lat: 18.0783, lng: 99.8297 },
  '5404': { lat: 18.0521, lng: 100.1029 },
  '5405': { lat: 17.9836, lng: 100.0561 },
  '5406': { lat: 18.4694, lng: 100.1889 },
  '5407': { lat: 17.8917, lng: 99.6222 },
  '5408': { lat: 18.2847, lng: 100.1722 },
};
