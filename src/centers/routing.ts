import type { CaseLocation } from '../cases/types';
import type { Geography, Province } from '../geo';
import type { CenterStore } from './store';
import type { Routing } from './types';

/**
 * Which center a new case belongs to: the province of a confirmed district; else the pin's (polygon
 * lookup); else the province the reporter or the API named (findProvince: Thai/English names, codes).
 */
export function provinceOfLocation(geo: Geography, loc: CaseLocation | undefined): Province | undefined {
  if (!loc) return undefined;
  // A district the reporter confirmed (or the API named) is the most certain: its code starts with the province's.
  const confirmed = loc.districtCode ? geo.province(loc.districtCode.slice(0, 2)) : undefined;
  if (confirmed) return confirmed;
  if (loc.lat !== undefined && loc.lng !== undefined) {
    const hit = geo.provinceAt({ lat: loc.lat, lng: loc.lng });
    if (hit) return hit.province;
  }
  return loc.province ? geo.findProvince(loc.province) : undefined;
}

/**
 * The location as stored on a routed case: `outOfProvince` means "no center serves this province"
 * (the home center holds it, marked นอกพื้นที่ on the card), so a case in a served province is never
 * flagged, whatever the intake thought of the home province. The province name is the official one.
 */
export function routedLocation(loc: CaseLocation | undefined, province: Province | undefined, routing: Routing): CaseLocation | undefined {
  if (!loc) return loc;
  if (!province) return loc; // nothing known: keep what the channel said
  if (routing.outOfArea) return { ...loc, province: province.name, outOfProvince: true };
  return { ...loc, province: province.name, outOfProvince: false };
}

export interface CaseRoute {
  centerCode: string;
  location?: CaseLocation;
}

export type RouteCase = (location: CaseLocation | undefined) => Promise<CaseRoute>;

export function createCaseRouter(centers: Pick<CenterStore, 'centerForProvince'>, geo: Geography): RouteCase {
  return async (location) => {
    const province = provinceOfLocation(geo, location);
    const routing = await centers.centerForProvince(province?.code);
    return { centerCode: routing.center.code, location: routedLocation(location, province, routing) };
  };
}
