import { API_DEFAULT_ACTOR_NAME, type CaseRecord, type TimelineEntry } from '../cases/types';
import { AGENCIES } from '../strings/th/duty';
import { CASE_STATUS_LABELS, OUTCOMES, OUTCOME_LABELS, PROBLEM_TYPE_LABELS } from '../cases/vocab';
import { CONSOLE_TH as T } from '../strings/th/console';
import { thaiDateTime as formatThaiDateTime } from '../time/thai-time';
import type { ConsoleSession } from './sessions';

/** The console's pages, rendered on the server (no inline script: the CSP allows only /console/assets). */

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string | number | undefined) => String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c]!);

/** The menu's pages; a page that is one of them says so (aria-current), so a screen reader tells where the officer is. */
export type NavPage = 'queue' | 'map' | 'dashboard' | 'settings';

export function layout(title: string, body: string, s?: ConsoleSession, current?: NavPage): string {
  const link = (page: NavPage, href: string, label: string) => `<a href="${href}"${page === current ? ' aria-current="page"' : ''}>${label}</a>`;
  const bar = s
    ? `<nav aria-label="${T.nav.label}">${link('queue', '/console', T.nav.queue)} ${link('map', '/console/map', T.insights.nav.map)} ${link('dashboard', '/console/dashboard', T.insights.nav.dashboard)}${s.role === 'supervisor' || s.national ? ` ${link('settings', '/console/settings', T.nav.settings)}` : ''}</nav>` +
      `<p class="who">${esc(s.name)} · ${s.national ? T.role.national : T.role[s.role ?? 'officer']}</p>` +
      `<form method="post" action="/console/logout"><input type="hidden" name="_csrf" value="${esc(s.csrf)}"><button>${T.signIn.signOut}</button></form>`
    : '';
  return `<!doctype html><html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${T.title}</title><link rel="stylesheet" href="/console/assets/console.css"><link rel="stylesheet" href="/console/assets/insights.css">
${s ? `<meta name="csrf" content="${esc(s.csrf)}">` : ''}<script src="/console/assets/console.js" defer></script></head>
<body><a class="skip" href="#main">${T.skip}</a><header><strong class="brand">${T.title}</strong>${bar}</header>
<main id="main" tabindex="-1">${body}</main></body></html>`;
}

export function signInPage(opts: { returnTo: string; message?: string }): string {
  return layout(
    T.signIn.heading,
    `<section class="card narrow"><h1>${T.signIn.heading}</h1>${opts.message ? `<p class="notice" role="alert">${esc(opts.message)}</p>` : ''}
<p>${T.signIn.lead}</p><p><a class="button line" href="/console/login?returnTo=${encodeURIComponent(opts.returnTo)}">${T.signIn.button}</a></p></section>`,
  );
}

export function messagePage(heading: string, message: string, s?: ConsoleSession): string {
  return layout(heading, `<section class="card narrow"><h1>${esc(heading)}</h1><p role="alert">${esc(message)}</p></section>`, s);
}

const types = (c: CaseRecord) => c.problemTypes.map((p) => PROBLEM_TYPE_LABELS[p]).join(', ');
const minutesSince = (d: Date, now: Date) => Math.max(0, Math.floor((now.getTime() - new Date(d).getTime()) / 60_000));

export interface SlaMinutes {
  urgent: number;
  normal: number;
}

/** One SLA for every row, or each case's center's (centers from data carry their own). */
export type SlaOf = SlaMinutes | ((c: CaseRecord) => SlaMinutes);

/**
 * A center's name as short as its officers say it: the official abbreviation in the name's closing
 * brackets when it has one ("ศูนย์เร่งรัดจัดการสวัสดิภาพประชาชนจังหวัดแพร่ (ศรส.จ.แพร่)" → "ศรส.จ.แพร่"),
 * else the name as written (stored centers are usually named "ศรส.จ.น่าน" already).
 */
export function centerShortName(name: string): string {
  const m = /\((ศรส\.[^()]*)\)\s*$/.exec(name);
  return (m?.[1] ?? name).trim();
}

/** How every picker, column and count of the console names a center: its short name, else its code. */
export const centerLabel = (c: { code: string; name: string }) => centerShortName(c.name) || c.code;

/**
 * The centers a queue names, code → short name: given for a viewer of several centers (the national
 * desk), whose rows then say their center. A case of a center no longer listed shows its code.
 */
export type QueueCenters = ReadonlyMap<string, string>;

const centerCell = (c: CaseRecord, centers: QueueCenters) =>
  `<td data-label="${T.queue.cols.center}" data-center="${esc(c.centerCode)}"><a href="/console?center=${encodeURIComponent(c.centerCode)}">${esc(centers.get(c.centerCode) || c.centerCode)}</a></td>`;

/** The queue's column headings, the center's second when the viewer sees several centers. */
const queueHeadings = (centers?: QueueCenters) => {
  const { number, center, ...rest } = T.queue.cols;
  return [number, ...(centers ? [center] : []), ...Object.values(rest)];
};

export function queueRows(cases: CaseRecord[], now: Date, slaOf: SlaOf, centers?: QueueCenters): string {
  if (cases.length === 0) return `<tr><td colspan="${queueHeadings(centers).length}">${T.queue.empty}</td></tr>`;
  return cases
    .map((c) => {
      const age = minutesSince(c.createdAt, now);
      const sla = typeof slaOf === 'function' ? slaOf(c) : slaOf;
      const limit = c.urgent ? sla.urgent : sla.normal;
      const late = c.status === 'new' && age > limit;
      return `<tr class="${c.urgent ? 'urgent' : ''}${late ? ' late' : ''}" data-case="${esc(c.caseNumber)}">
<th scope="row"><a href="/console/cases/${encodeURIComponent(c.caseNumber)}">${esc(c.caseNumber)}</a></th>${centers ? centerCell(c, centers) : ''}
<td data-label="${T.queue.cols.urgency}">${c.urgent ? `<span class="tag urgent">${T.queue.urgent}</span>` : T.queue.normal}</td>
<td data-label="${T.queue.cols.types}">${esc(types(c))}</td><td data-label="${T.queue.cols.status}">${esc(CASE_STATUS_LABELS[c.status])}</td>
<td data-label="${T.queue.cols.owner}">${esc(c.owner?.name ?? T.queue.noOwner)}</td>
<td data-label="${T.queue.cols.age}">${esc(T.age(age))}${c.status === 'new' ? `<br><small class="${late ? 'bad' : ''}">${late ? T.queue.late : T.queue.within(limit)}</small>` : ''}</td></tr>`;
    })
    .join('');
}

/** The national desk's choice of center for the queue (a plain GET form: works without the script). */
function centerPicker(centers: QueueCenters, f: { district?: string; center?: string }): string {
  const opt = (value: string, label: string) => `<option value="${esc(value)}"${(f.center ?? '') === value ? ' selected' : ''}>${esc(label)}</option>`;
  return `<form method="get" action="/console" class="queue-center" aria-label="${T.queue.filter.pick}">
${f.district ? `<input type="hidden" name="district" value="${esc(f.district)}">` : ''}<label for="q-center">${T.queue.cols.center}</label>
<select id="q-center" name="center">${opt('', T.queue.filter.allCenters)}${[...centers].map(([code, name]) => opt(code, name)).join('')}</select><button>${T.queue.filter.apply}</button></form>`;
}

export function queuePage(
  s: ConsoleSession,
  q: { cases: CaseRecord[]; total: number; centers?: QueueCenters },
  now: Date,
  sla: SlaOf,
  opts: { filter?: { district?: string; center?: string }; label?: string } = {},
): string {
  const f = opts.filter ?? {};
  const query = new URLSearchParams({ ...(f.district ? { district: f.district } : {}), ...(s.national && f.center ? { center: f.center } : {}) }).toString();
  return layout(
    T.queue.heading,
    `<h1>${T.queue.heading} <span class="live" aria-live="polite" id="live-status">${T.queue.live}</span></h1>
${q.centers ? centerPicker(q.centers, f) : ''}
${opts.label ? `<p class="notice" role="status" id="queue-filter">${esc(T.queue.filter.showing(opts.label))} <a href="/console">${T.queue.filter.clear}</a></p>` : ''}
<p id="queue-total">${esc(T.queue.total(q.cases.length, q.total))}</p>
<p class="downloads"><a href="/console/queue.xlsx${query ? `?${esc(query)}` : ''}">${T.queue.download.xlsx}</a> · <a href="/console/queue.csv${query ? `?${esc(query)}` : ''}">${T.queue.download.csv}</a></p>
<div class="table-wrap"><table class="queue"><caption>${T.queue.caption}</caption>
<thead><tr>${queueHeadings(q.centers).map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>
<tbody id="queue-rows" data-live="/console/events" data-fragment="/console/fragments/queue${query ? `?${esc(query)}` : ''}" aria-live="polite">${queueRows(q.cases, now, sla, q.centers)}</tbody></table></div>`,
    s,
    'queue',
  );
}

// The admin API's default name is a program's, not a person's: the page says in Thai that another system did it.
const API_DEFAULT_NAME = API_DEFAULT_ACTOR_NAME;

const actorName = (e: TimelineEntry) => {
  const a = e.actor;
  if (a.kind === 'api') return a.name && a.name !== API_DEFAULT_NAME ? T.apiNamed(a.name) : T.api;
  return a.kind === 'officer' ? (a.name ?? a.id ?? '') : a.kind === 'reporter' ? T.reporter : T.system;
};

/**
 * The reporter's own words sent after the report (more information, the reason for reopening) are
 * details as much as the first ones: like the LINE group's minimal cards, the page shows them only
 * in the personal view, whose opening is recorded.
 */
const reporterWords = (e: TimelineEntry) => e.actor.kind === 'reporter' && (e.kind === 'reporter_info' || e.kind === 'reopened') && !!e.text;

function entryText(e: TimelineEntry, personal = false): string {
  const words = reporterWords(e) && !personal ? T.case.reporterWordsHidden : (e.text ?? '');
  const parts = [e.outcome ? OUTCOME_LABELS[e.outcome] : '', e.mergedInto ?? '', words, e.score !== undefined ? `${e.score}/5` : ''];
  // The reporter's answer to "still safe?": the one thing an officer must see of it.
  if (e.kind === 'checkin' && e.safe !== undefined) parts.push(e.safe ? T.case.checkinSafe : T.case.checkinUnsafe);
  // An officer's photo to the reporter (issue 14) has no text: say what it was.
  if (e.kind === 'relay' && e.attachments?.length) parts.push(e.after ? T.case.afterPhoto : T.case.photoToReporter);
  if (e.problemTypes?.length && e.kind !== 'opened') parts.push(e.problemTypes.map((p) => PROBLEM_TYPE_LABELS[p]).join(', '));
  return parts.filter(Boolean).join(' · ');
}

/** Exported for tests. */
export { actorName, entryText };

export function timelineList(c: CaseRecord, personal = false): string {
  return `<ol class="timeline">${[...c.timeline]
    .reverse()
    .map(
      (e) => `<li class="${e.public ? 'public' : 'internal'}"><span class="tag ${e.public ? 'pub' : 'int'}">${e.public ? T.case.public : T.case.internal}</span>
<strong>${esc(T.timeline[e.kind])}</strong> <time datetime="${new Date(e.at).toISOString()}">${esc(formatThaiDateTime(new Date(e.at)))}</time> · ${esc(actorName(e))}
${entryText(e, personal) ? `<p>${esc(entryText(e, personal))}</p>` : ''}</li>`,
    )
    .join('')}</ol>`;
}

function form(no: string, s: ConsoleSession, action: string, requestId: string, inner: string, button: string, id: string): string {
  return `<form method="post" action="/console/cases/${encodeURIComponent(no)}/actions" class="action" id="${id}" data-keep="${id}">
<input type="hidden" name="_csrf" value="${esc(s.csrf)}"><input type="hidden" name="requestId" value="${esc(`${requestId}-${id}`)}">
<input type="hidden" name="action" value="${action}">${inner}<button>${button}</button></form>`;
}

/** The case's photos, voice and video, played from /console/cases/<no>/media/<message id> (stored content only). */
export function mediaSection(c: CaseRecord): string {
  if (!c.attachments.length) return '';
  const items = c.attachments
    .map((a, i) => {
      const label = T.media.item(T.media.kinds[a.type], i + 1);
      const status = a.evidence?.status ?? 'pending';
      if (status !== 'stored') return `<li><strong>${esc(label)}</strong> <span class="tag int" data-evidence="${status}">${esc(T.media.status[status])}</span></li>`;
      const src = `/console/cases/${encodeURIComponent(c.caseNumber)}/media/${encodeURIComponent(a.messageId)}`;
      // preload="none": a recording is fetched (and its view recorded) only when the officer plays it.
      const player =
        a.type === 'image'
          ? `<img src="${src}" alt="${esc(label)}" loading="lazy">`
          : a.type === 'audio'
            ? `<audio controls preload="none" src="${src}" aria-label="${esc(label)}"></audio>`
            : a.type === 'video'
              ? `<video controls preload="none" src="${src}" aria-label="${esc(label)}"></video>`
              : `<a href="${src}" download>${esc(T.media.download)}</a>`;
      return `<li class="media-item"><strong>${esc(label)}</strong>${player}</li>`;
    })
    .join('');
  return `<section class="card"><h2>${T.media.heading}</h2><p>${T.media.hint}</p><ul class="media">${items}</ul></section>`;
}

/** Whether the case page offers a photo to the reporter: its size limit, or why not (no https links, no reporter in LINE). */
export interface PhotoOptions {
  maxMb: number;
  refusal?: 'noLinks' | 'noReporter';
}

/**
 * The photo form: on an open case (after it is acknowledged, like a message to the reporter) a photo
 * to the reporter; on a closed one the after photo, the proof of the help given. A plain multipart
 * form (works without the script); the script sends it itself to keep the officer on sign-in expiry.
 */
function photoSection(no: string, s: ConsoleSession, c: CaseRecord, requestId: string, p: PhotoOptions | undefined): string {
  if (!p || c.status === 'new') return '';
  const after = c.status === 'closed';
  const P = T.photo;
  const body = p.refusal
    ? `<p class="muted" id="photo-unavailable">${esc(P[p.refusal])}</p>`
    : `<form method="post" action="/console/cases/${encodeURIComponent(no)}/photo" enctype="multipart/form-data" class="action" id="f-photo" data-upload>
<input type="hidden" name="_csrf" value="${esc(s.csrf)}"><input type="hidden" name="requestId" value="${esc(`${requestId}-photo`)}">
<label for="photo">${esc(P.label(p.maxMb))}</label><input type="file" id="photo" name="photo" accept="image/jpeg,image/png" required aria-describedby="photo-hint">
<p class="muted" id="photo-hint">${after ? P.hintAfter : P.hint}</p><button>${after ? P.sendAfter : P.send}</button></form>`;
  return `<section class="card" aria-labelledby="photo-h"><h2 id="photo-h">${after ? P.headingAfter : P.heading}</h2>${body}</section>`;
}

export function casePage(
  s: ConsoleSession,
  c: CaseRecord,
  opts: { requestId: string; personal: boolean; message?: string; photos?: PhotoOptions; /** Given for a viewer of several centers: the case's center, by short name. */ centerName?: string },
): string {
  const no = c.caseNumber;
  const open = c.status !== 'closed';
  const place = [c.location?.district, c.location?.province].filter(Boolean).join(' ');
  const personal = opts.personal
    ? `<dl><dt>${T.case.phone}</dt><dd>${esc(c.phone ?? T.case.none)}</dd><dt>${T.case.details}</dt><dd class="pre">${esc(c.details ?? T.case.none)}</dd>
<dt>${T.case.place}</dt><dd>${esc(c.location?.address ?? T.case.none)}</dd></dl>`
    : `<p>${T.case.personalHint}</p><form method="post" action="/console/cases/${encodeURIComponent(no)}/personal"><input type="hidden" name="_csrf" value="${esc(s.csrf)}"><button>${T.case.showPersonal}</button></form>`;
  const agencies = Object.values(AGENCIES).map((a) => `<option>${esc(a.name)}</option>`).join('');
  const outcomes = OUTCOMES.filter((o) => o !== 'duplicate').map((o) => `<option value="${o}">${esc(OUTCOME_LABELS[o])}</option>`).join('');
  const r = opts.requestId;
  const noteForm = form(no, s, 'note', r, `<label for="note">${T.case.note}</label><textarea id="note" name="text" required maxlength="1000"></textarea>`, T.case.addNote, 'f-note');
  const relayForm = form(no, s, 'relay', r, `<label for="relay">${T.case.relay}</label><textarea id="relay" name="text" required maxlength="1000"></textarea>`, T.case.send, 'f-relay');
  // A closed case still takes an internal note and a message to the reporter, as in the LINE group
  // (บันทึก / ตอบ work on any case): a call back after closing is recorded where the case is.
  const actions = open
    ? `<section class="card"><h2>${T.case.actions}</h2>
${c.status === 'new' ? form(no, s, 'acknowledge', r, '', T.case.acknowledge, 'f-ack') : ''}
${c.status === 'acknowledged' || c.status === 'referred' ? form(no, s, 'start', r, '', T.case.start, 'f-start') : ''}
${c.status !== 'new' ? form(no, s, 'refer', r, `<label for="agency">${T.case.agency}</label><input id="agency" name="agency" list="agencies" required maxlength="200"><datalist id="agencies">${agencies}</datalist>`, T.case.refer, 'f-refer') : ''}
${c.status !== 'new' ? form(no, s, 'close', r, `<label for="outcome">${T.case.outcome}</label><select id="outcome" name="outcome">${outcomes}</select><label for="closing">${T.case.closingNote}</label><textarea id="closing" name="note" required maxlength="1000"></textarea>`, T.case.close, 'f-close') : ''}
${noteForm}
${c.status !== 'new' ? relayForm : ''}
${form(no, s, 'merge', r, `<label for="into">${T.case.mergeInto}</label><input id="into" name="into" required maxlength="30" autocomplete="off">`, T.case.mergeButton, 'f-merge')}
</section>`
    : `<section class="card"><h2>${T.case.afterClose}</h2>${noteForm}${relayForm}</section>`;
  return layout(
    T.case.heading(no),
    `<p><a href="/console">← ${T.case.back}</a></p><h1>${esc(T.case.heading(no))}</h1>
${opts.message ? `<p class="notice" role="status">${esc(opts.message)}</p>` : ''}<p class="notice" role="status" id="restored" hidden>${T.case.restored}</p>
<div class="grid"><section class="card"><h2>${T.case.facts}</h2><dl>
${opts.centerName !== undefined ? `<dt>${T.queue.cols.center}</dt><dd id="case-center">${esc(opts.centerName)}</dd>` : ''}<dt>${T.case.status}</dt><dd id="case-status">${esc(CASE_STATUS_LABELS[c.status])}${c.outcome ? ` (${esc(OUTCOME_LABELS[c.outcome])})` : ''}</dd>
<dt>${T.case.owner}</dt><dd>${esc(c.owner?.name ?? T.queue.noOwner)}</dd>
<dt>${T.case.types}</dt><dd>${esc(types(c))}${c.urgent ? ` <span class="tag urgent">${T.queue.urgent}</span>` : ''}</dd>
<dt>${T.case.place}</dt><dd>${esc(place || T.case.none)}</dd>
<dt>${T.case.opened}</dt><dd>${esc(formatThaiDateTime(new Date(c.createdAt)))}</dd></dl>
<h2>${T.case.personal}</h2>${personal}</section>${actions}${photoSection(no, s, c, r, opts.photos)}</div>
${mediaSection(c)}<section class="card"><h2>${T.case.timeline}</h2>${timelineList(c, opts.personal)}</section>`,
    s,
  );
}
