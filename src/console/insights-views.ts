import type { CaseFigures } from '../cases/store';
import type { Geography } from '../geo';
import { CASE_STATUSES, CASE_STATUS_LABELS, PROBLEM_TYPES, PROBLEM_TYPE_LABELS, type CaseStatus, type ProblemType } from '../cases/vocab';
import { barChartSvg } from '../reports/svg-bar-chart';
import { districtUnit, type ReportSummary } from '../reports/summary';
import { CONSOLE_TH } from '../strings/th/console';
import { districtWords } from '../strings/th/geo';
import { REPORT_TH } from '../strings/th/reports';
import { thaiDateLong, thaiDateTime } from '../time/thai-time';
import type { DashboardFigures, GroupFigures, Timing } from './dashboard';
import type { InsightCenter, InsightScope } from './insights';
import { placeOf, type AreaOutline } from './map';
import type { ConsoleSession } from './sessions';
import { centerLabel, esc, layout } from './views';

/**
 * The map and dashboard pages, rendered on the server. Charts are inline SVG bars (the report's
 * barChartSvg): each has a title for screen readers, its numbers printed beside the bars and a table
 * with the same figures, and nothing to load or run, so the CSP (self only, no inline script) is kept.
 */

const T = CONSOLE_TH.insights;
const Q = CONSOLE_TH.queue;

export interface MapFilters {
  status?: CaseStatus | 'open';
  type?: ProblemType;
  urgency?: 'urgent' | 'normal';
}

const option = (value: string, label: string, current?: string) => `<option value="${esc(value)}"${current === value ? ' selected' : ''}>${esc(label)}</option>`;
const types = (c: CaseFigures) => c.problemTypes.map((p) => PROBLEM_TYPE_LABELS[p]).join(', ');

/** One row of the counts beside the map: a district of the center's area, or (every center) a center. */
export interface AreaCountRow {
  key: string;
  label: string;
  /** The open queue filtered to this row (absent for the row of cases without a known place). */
  href?: string;
  total: number;
  open: number;
  urgent: number;
}

export interface AreaCounts {
  /** 'district' for one center's area, 'center' for every center. */
  by: 'district' | 'center';
  /** What a district is called there: อำเภอ, เขต (Bangkok), or both for a center serving both. */
  unit: string;
  rows: AreaCountRow[];
}

/**
 * Counts of the cases on the map (the filters applied) per district of the center's provinces, in
 * DOPA order, zeros included so a supervisor sees where nothing is reported; for every center, per
 * center. The bundled geography has no district outlines, so this is a table, not shading. A case
 * whose district is not one of the area's (no district, or an out-of-province report) is counted in
 * the last row, which has no link.
 */
export function areaCounts(sc: InsightScope, cases: CaseFigures[], geo: Geography): AreaCounts {
  const tally = (keyOf: (c: CaseFigures) => string | undefined, rows: Array<Omit<AreaCountRow, 'total' | 'open' | 'urgent'>>, otherLabel: string) => {
    const byKey = new Map<string, AreaCountRow>(rows.map((r) => [r.key, { ...r, total: 0, open: 0, urgent: 0 }]));
    const other: AreaCountRow = { key: 'other', label: otherLabel, total: 0, open: 0, urgent: 0 };
    for (const c of cases) {
      const k = keyOf(c);
      const row = (k !== undefined && byKey.get(k)) || other;
      row.total++;
      if (c.status !== 'closed') {
        row.open++;
        if (c.urgent) row.urgent++;
      }
    }
    return [...byKey.values(), ...(other.total ? [other] : [])];
  };
  if (sc.kind === 'all') {
    const rows = sc.centers.map((c) => ({ key: c.code, label: centerLabel(c), href: `/console?center=${encodeURIComponent(c.code)}` }));
    return { by: 'center', unit: '', rows: tally((c) => c.centerCode, rows, T.map.counts.otherCenter) };
  }
  const provinces = sc.center.provinces.flatMap((code) => geo.province(code) ?? []);
  const several = provinces.length > 1;
  const centerParam = sc.national ? `&center=${encodeURIComponent(sc.center.code)}` : '';
  const districts = provinces.flatMap((p) =>
    p.districts.map((d) => ({ key: d.code, label: several ? T.map.counts.districtOf(d.name, p.name) : d.name, href: `/console?district=${d.code}${centerParam}` })),
  );
  const byName = new Map(provinces.flatMap((p) => p.districts.map((d) => [`${p.name}|${d.name}`, d.code] as const)));
  const keyOf = (c: CaseFigures) => c.location?.districtCode ?? (c.location?.district ? byName.get(`${c.location.province ?? provinces[0]?.name}|${c.location.district}`) : undefined);
  const units = new Set(provinces.map((p) => districtWords({ code: p.code }).district));
  const unit = units.size === 1 ? [...units][0] : T.map.counts.bothUnits;
  return { by: 'district', unit, rows: tally(keyOf, districts, T.map.counts.otherDistrict(unit)) };
}

function countsTable(c: AreaCounts): string {
  const C = T.map.counts;
  const rows = c.rows
    .map(
      (r) => `<tr${r.open ? '' : ' class="quiet"'}><th scope="row">${r.href ? `<a href="${esc(r.href)}" aria-label="${esc(C.openQueueOf(r.label))}">${esc(r.label)}</a>` : esc(r.label)}</th>
<td data-label="${C.cols.total}">${r.total}</td><td data-label="${C.cols.open}">${r.open}</td><td data-label="${C.cols.urgent}">${r.urgent}</td></tr>`,
    )
    .join('');
  return `<section class="card counts-card" aria-labelledby="counts-h"><h2 id="counts-h">${c.by === 'district' ? C.headingDistrict(c.unit) : C.headingCenter}</h2>
<div class="table-wrap"><table class="queue counts" id="area-counts"><caption>${c.by === 'district' ? C.captionDistrict(c.unit) : C.captionCenter}</caption>
<thead><tr><th scope="col">${c.by === 'district' ? esc(c.unit) : C.cols.center}</th><th scope="col">${C.cols.total}</th><th scope="col">${C.cols.open}</th><th scope="col">${C.cols.urgent}</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}

/** The national desk's choice of center (every center, or one), kept with the page's other fields; centers by short name, as in the queue's picker. */
function centerSelect(id: string, centers: InsightCenter[] | undefined, current: string | undefined): string {
  if (!centers) return '';
  return `<label for="${id}">${T.center.label}</label><select id="${id}" name="center">${option('all', T.center.all, current ?? 'all')}${centers.map((c) => option(c.code, centerLabel(c), current)).join('')}</select>`;
}

function areaName(o: AreaOutline, country: boolean): string {
  return country ? T.map.country : T.map.provinces(o.provinces.map((p) => p.province.name));
}

export function mapPage(
  s: ConsoleSession,
  o: AreaOutline | undefined,
  cases: CaseFigures[],
  opts: { filters: MapFilters; days: number; cut?: number; counts: AreaCounts; centers?: InsightCenter[]; center?: string },
): string {
  const f = opts.filters;
  const form = `<form method="get" action="/console/map" class="filters card" aria-label="${T.map.filters}"><h2>${T.map.filters}</h2>
${centerSelect('f-center', opts.centers, opts.center)}
<label for="f-status">${T.map.status}</label><select id="f-status" name="status">${option('', T.map.any, f.status ?? '')}${option('open', T.map.openOnly, f.status)}${CASE_STATUSES.map((st) => option(st, CASE_STATUS_LABELS[st], f.status)).join('')}</select>
<label for="f-type">${T.map.type}</label><select id="f-type" name="type">${option('', T.map.any, f.type ?? '')}${PROBLEM_TYPES.map((p) => option(p, PROBLEM_TYPE_LABELS[p], f.type)).join('')}</select>
<label for="f-urgency">${T.map.urgency}</label><select id="f-urgency" name="urgency">${option('', T.map.any, f.urgency ?? '')}${option('urgent', T.map.urgentOnly, f.urgency)}${option('normal', T.map.normalOnly, f.urgency)}</select>
<button>${T.map.apply}</button></form>`;
  const placed = o ? cases.map((c) => ({ c, at: placeOf(c, o) })) : cases.map((c) => ({ c, at: undefined }));
  const drawn = placed.filter((p) => p.at);
  const country = opts.counts.by === 'center';
  const svg = o
    ? `<svg class="map${o.labelled ? '' : ' country'}" role="img" aria-labelledby="map-title" viewBox="0 0 ${o.width} ${o.height}" width="${o.width}" height="${o.height}" xmlns="http://www.w3.org/2000/svg">
<title id="map-title">${esc(T.map.mapLabel(areaName(o, country), drawn.length))}</title>
${o.provinces.map((p) => `<path class="province" data-province="${p.province.code}" d="${p.path}"/>`).join('')}
${o.labelled ? o.offices.map((d) => `<g class="district" aria-hidden="true"><rect x="${d.at.x - 2}" y="${d.at.y - 2}" width="4" height="4"/><text x="${d.at.x + 10}" y="${d.at.y + 4}">${esc(d.name)}</text></g>`).join('') : ''}
${drawn
  // Closed first, urgent last, so urgent dots are drawn on top.
  .sort((a, b) => Number(a.c.status !== 'closed') - Number(b.c.status !== 'closed') || Number(a.c.urgent) - Number(b.c.urgent))
  .map(
    ({ c, at }) =>
      `<a href="/console/cases/${encodeURIComponent(c.caseNumber)}" class="dot ${c.urgent ? 'urgent' : 'normal'}${c.status === 'closed' ? ' closed' : ''}${at!.approximate ? ' approx' : ''}"><circle cx="${at!.x}" cy="${at!.y}" r="${(c.urgent ? 8 : 6) / (o.labelled ? 1 : 2)}"/><title>${esc(`${c.caseNumber} · ${types(c)} · ${CASE_STATUS_LABELS[c.status]}${at!.approximate ? ` · ${T.map.approximate}` : ''}`)}</title></a>`,
  )
  .join('')}
</svg>
<ul class="legend" aria-hidden="true"><li><span class="key urgent"></span>${T.map.legend.urgent}</li><li><span class="key normal"></span>${T.map.legend.normal}</li><li><span class="key closed"></span>${T.map.legend.closed}</li><li><span class="key approx"></span>${T.map.legend.approximate}</li>${o.labelled ? `<li><span class="key district"></span>${T.map.legend.district}</li>` : ''}</ul>
<p class="muted">${T.map.districtsNote}</p>`
    : `<p class="notice" role="alert">${T.map.noOutline}</p>`;
  // Every center's cases: each row says its center (by short name, as the queue does); one center's: no such column.
  const names = new Map((opts.centers ?? []).map((x) => [x.code, centerLabel(x)]));
  const { center: centerHeading, ...otherCols } = T.map.cols;
  const headings = country ? Object.values(T.map.cols) : Object.values(otherCols);
  const centerCell = (c: CaseFigures) => (country ? `<td data-label="${centerHeading}">${esc(names.get(c.centerCode) || c.centerCode)}</td>` : '');
  const rows = placed.length
    ? placed
        .map(
          ({ c, at }) => `<tr${c.urgent ? ' class="urgent"' : ''}><th scope="row"><a href="/console/cases/${encodeURIComponent(c.caseNumber)}">${esc(c.caseNumber)}</a></th>${centerCell(c)}
<td data-label="${T.map.cols.urgency}">${c.urgent ? `<span class="tag urgent">${Q.urgent}</span>` : Q.normal}</td><td data-label="${T.map.cols.types}">${esc(types(c))}</td>
<td data-label="${T.map.cols.status}">${esc(CASE_STATUS_LABELS[c.status])}</td>
<td data-label="${T.map.cols.place}">${esc([c.location?.district, country ? c.location?.province : undefined].filter(Boolean).join(' '))}<br><small>${at ? (at.approximate ? T.map.approximate : T.map.pinned) : T.map.notDrawn}</small></td>
<td data-label="${T.map.cols.opened}">${esc(thaiDateTime(new Date(c.createdAt)))}</td></tr>`,
        )
        .join('')
    : `<tr><td colspan="${headings.length}">${T.map.none}</td></tr>`;
  return layout(
    T.map.heading,
    `<h1>${T.map.heading}</h1><p>${esc(T.map.lead(opts.days))}</p>${opts.cut ? `<p class="notice" role="status">${esc(T.map.cut(opts.cut))}</p>` : ''}
<div class="insight-grid">${form}<section class="card map-card">${svg}</section>${countsTable(opts.counts)}
<section class="card list-card" aria-labelledby="list-h"><h2 id="list-h">${T.map.listHeading}</h2><div class="table-wrap"><table class="queue" id="map-list"><caption>${T.map.listCaption}</caption>
<thead><tr>${headings.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div></section></div>`,
    s,
    'map',
  );
}

const D = T.dashboard;
const dur = (v?: number) => (v === undefined ? D.noValue : D.duration(v));
const pct = (g: GroupFigures) => (g.slaPercent === undefined ? D.noValue : D.percent(g.slaPercent, g.slaMet, g.slaCounted));
const cells = (label: string, g: GroupFigures, t: (x: Timing) => [string, string], u: (x: Timing) => [string, string]) =>
  `<tr><th scope="row">${esc(label)}</th><td data-label="${D.cols.cases}">${g.cases}</td>${[...t(g.acknowledge), ...u(g.close)]
    .map((v, i) => `<td data-label="${Object.values(D.cols)[i + 2]}">${esc(v)}</td>`)
    .join('')}<td data-label="${D.cols.sla}">${esc(pct(g))}</td></tr>`;
const mp = (x: Timing): [string, string] => [dur(x.median), dur(x.p90)];

function timesTable(id: string, caption: string, rows: string): string {
  return `<div class="table-wrap"><table class="queue figures" id="${id}"><caption>${esc(caption)}</caption>
<thead><tr>${Object.values(D.cols).map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

const weekLabel = (w: string) => D.week(thaiDateLong(`${w}T12:00:00+07:00`));

export function dashboardPage(
  s: ConsoleSession,
  f: DashboardFigures,
  report: ReportSummary,
  opts: { from: string; to: string; cut?: number; message?: string; centers?: InsightCenter[]; center?: string },
): string {
  const shiftRows = [cells(D.all, f.all, mp, mp), cells(D.shift.day, f.byShift.day, mp, mp), cells(D.shift.night, f.byShift.night, mp, mp)].join('');
  const weekRows = f.byWeek.map((w) => cells(weekLabel(w.week), w, mp, mp)).join('') || `<tr><td colspan="7">${T.map.none}</td></tr>`;
  const chart = (title: string, bars: Array<{ label: string; value: number }>) => 
    // The caption shows the title on screen; the SVG carries the same title as its accessible name.
    `<figure class="chart"><figcaption aria-hidden="true">${esc(title)}</figcaption>${barChartSvg(title, bars)}</figure>`;
  // A week with nothing measured yet (no case acknowledged, none counted against the SLA) is left out
  // of its chart: a bar of 0 would say "acknowledged at once" or "none in time" where the table says –.
  const weekBars = (value: (w: DashboardFigures['byWeek'][number]) => number | undefined) =>
    f.byWeek.flatMap((w) => {
      const v = value(w);
      return v === undefined ? [] : [{ label: weekLabel(w.week), value: Math.round(v) }];
    });
  const ackBars = weekBars((w) => w.acknowledge.median);
  const slaBars = weekBars((w) => w.slaPercent);
  const weekCharts = (ackBars.length ? chart(D.chartAckByWeek, ackBars) : '') + (slaBars.length ? chart(D.chartSlaByWeek, slaBars) : '');
  const r = report;
  const nonZero = (rows: Array<{ label: string; count: number }>) => rows.filter((x) => x.count > 0).map((x) => ({ label: x.label, value: x.count }));
  const centerParam = opts.centers ? `&center=${encodeURIComponent(opts.center ?? 'all')}` : '';
  const csvHref = `/console/dashboard/report.csv?from=${encodeURIComponent(opts.from)}&to=${encodeURIComponent(opts.to)}${centerParam}`;
  const xlsxHref = csvHref.replace('/report.csv?', '/report.xlsx?');
  return layout(
    D.heading,
    `<h1>${D.heading}</h1><p class="lead" id="dash-scope">${esc(r.center.name)}</p>${opts.message ? `<p class="notice" role="status">${esc(opts.message)}</p>` : ''}
<form method="get" action="/console/dashboard" class="card range" aria-label="${D.range}"><h2>${D.range}</h2>
${centerSelect('d-center', opts.centers, opts.center)}
<label for="d-from">${D.from}</label><input type="date" id="d-from" name="from" value="${esc(opts.from)}" required>
<label for="d-to">${D.to}</label><input type="date" id="d-to" name="to" value="${esc(opts.to)}" required><button>${D.apply}</button></form>
${opts.cut ? `<p class="notice" role="status">${esc(D.cut(opts.cut))}</p>` : ''}
<section class="card"><h2>${D.summaryHeading}</h2><dl class="kpi">
<dt>${D.slaMet}</dt><dd id="kpi-sla">${esc(pct(f.all))}</dd>
<dt>${D.escalations}</dt><dd id="kpi-escalations">${esc(D.escalationsValue(f.escalations.entries, f.escalations.cases))}</dd>
<dt>${D.reopen}</dt><dd id="kpi-reopen">${esc(f.reopen.percent === undefined ? D.noValue : D.reopenValue(f.reopen.percent, f.reopen.reopened, f.reopen.closed))}</dd>
<dt>${D.ratings}</dt><dd id="kpi-ratings">${esc(f.ratings.mean === undefined ? D.noRatings : D.ratingsValue(f.ratings.mean, f.ratings.count))}</dd></dl>
${f.ratings.count ? chart(D.chartRatings, f.ratings.byScore.map((n, i) => ({ label: D.stars(i + 1), value: n })).reverse()) : ''}</section>
<section class="card"><h2>${D.timesHeading}</h2>${timesTable('by-shift', D.timesCaption, shiftRows)}</section>
<section class="card"><h2>${D.weekHeading}</h2>${timesTable('by-week', D.weekCaption, weekRows)}${weekCharts}<p class="muted">${D.chartsNote}</p></section>
<section class="card" id="report"><h2>${D.reportHeading}</h2><p>${esc(REPORT_TH.rangeLine(r.range.text))}</p><p id="report-total">${esc(D.reportTotal(r.total, r.urgent))}</p>
<p><a class="button" href="${csvHref}">${D.download}</a> <a class="button" href="${xlsxHref}">${REPORT_TH.xlsx.download}</a> <small>${D.downloadNote}</small></p>
${r.centers ? chart(D.chartByCenter, nonZero(r.centers.rows)) : ''}
${r.provinces ? chart(D.chartByProvince, nonZero(r.provinces.rows)) : chart(REPORT_TH.chartTitle(REPORT_TH.byDistrictUnit[districtUnit(r)].table1), nonZero(r.districts.rows))}
${chart(REPORT_TH.chartTitle(REPORT_TH.table2), nonZero(r.channels.rows))}
${chart(REPORT_TH.chartTitle(REPORT_TH.table3), nonZero(r.targetGroups.rows))}
${chart(REPORT_TH.chartTitle(REPORT_TH.problemsHeading), nonZero(r.problemTypes.rows))}</section>`,
    s,
    'dashboard',
  );
}
