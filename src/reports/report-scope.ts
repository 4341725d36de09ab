import type { CenterStore } from '../centers/store';
import type { Center } from '../centers/types';
import type { Geography } from '../geo';
import { REPORT_TH } from '../strings/th/reports';
import type { ReportProvince, ReportScope, SummaryContext } from './summary';

/** The `--center` / `center=` value that asks for the national report. */
export const NATIONAL_REPORT = 'all';

/** Whose report, as the summary needs it: the heading's name and area, and the scope of the figures. */
export type ReportTarget = Pick<SummaryContext, 'centerName' | 'province'> & { scope: ReportScope };

/** One center's report: its cases; Table 1 by its provinces' districts (one province: as before issue 12). */
export function centerReport(center: Pick<Center, 'code' | 'name' | 'provinces'>, geo: Geography): ReportTarget {
  const provinces: ReportProvince[] = center.provinces.flatMap((code) => {
    const p = geo.province(code);
    return p ? [{ name: p.name, districts: p.districts.map((d) => ({ code: d.code, name: d.name })) }] : [];
  });
  const area = provinces.length === 1 ? provinces[0] : { name: provinces.map((p) => p.name).join(', '), districts: [] };
  return { centerName: center.name, province: area, scope: { kind: 'center', code: center.code, provinces } };
}

/** The national report: every case, by province (all 77, DOPA order) and by center. */
export function nationalReport(centers: readonly Pick<Center, 'code' | 'name'>[], geo: Geography): ReportTarget {
  return {
    centerName: REPORT_TH.nationalName,
    province: { name: REPORT_TH.nationalArea, districts: [] },
    scope: {
      kind: 'national',
      provinces: geo.provinces.map((p) => ({ code: p.code, name: p.name })),
      centers: centers.map((c) => ({ code: c.code, name: c.name })),
    },
  };
}

/** `choice`: a center code or `all`; undefined when no center has that code. */
export async function reportTarget(centers: Pick<CenterStore, 'list' | 'get'>, geo: Geography, choice: string): Promise<ReportTarget | undefined> {
  if (choice === NATIONAL_REPORT) return nationalReport(await centers.list(), geo);
  const center = await centers.get(choice);
  return center ? centerReport(center, geo) : undefined;
}
