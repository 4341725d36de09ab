import type { Center, Conflict, FieldIssue } from '../centers';
import { thailand } from '../geo';
import { CONSOLE_TH as T } from '../strings/th/console';
import type { ConsoleSession } from './sessions';
import { esc, layout } from './views';

/** The settings pages: a center's duty groups, shift and SLAs; for the national desk, every center. */

export const SETTING_FIELDS = ['dutyGroupId', 'nightGroupId', 'escalationGroupId', 'dayShift', 'ackSlaUrgentMinutes', 'ackSlaNormalMinutes'] as const;
export type SettingField = (typeof SETTING_FIELDS)[number];

const problemOf = (field: string) =>
  field.endsWith('GroupId') ? T.settings.fieldProblem.groupId : field === 'dayShift' ? T.settings.fieldProblem.dayShift : field.startsWith('ackSla') ? T.settings.fieldProblem.minutes : T.settings.fieldProblem.other;
const labelOf = (field: string) => ((SETTING_FIELDS as readonly string[]).includes(field) ? T.settings[field as SettingField] : field);

export function conflictText(c: Conflict): string {
  return c.kind === 'group' ? T.settings.conflictGroup(c.center) : T.settings.conflictProvince(c.name ?? c.value, c.center);
}

export interface SettingsFormState {
  /** What the officer typed, shown again after a refusal. */
  values?: Partial<Record<SettingField, string>>;
  issues?: FieldIssue[];
  conflicts?: Conflict[];
  message?: string;
}

export function settingsPage(s: ConsoleSession, c: Center, st: SettingsFormState = {}): string {
  const isDefault = (f: SettingField) => (c.defaults as readonly string[]).includes(f);
  const current = (f: SettingField): string => {
    if (st.values) return st.values[f] ?? '';
    if (isDefault(f)) return '';
    const v = c[f];
    return v === undefined ? '' : String(v);
  };
  const defaultOf = (f: SettingField) => (f === 'dayShift' ? c.dayShift : f === 'ackSlaUrgentMinutes' ? T.settings.minutes(c.ackSlaUrgentMinutes) : f === 'ackSlaNormalMinutes' ? T.settings.minutes(c.ackSlaNormalMinutes) : '');
  const issueOf = (f: SettingField) => st.issues?.find((i) => i.field === f);
  const ro = c.home;
  const field = (f: SettingField) => {
    const issue = issueOf(f);
    const hint = ['dayShift', 'ackSlaUrgentMinutes', 'ackSlaNormalMinutes'].includes(f) ? T.settings.defaultHint(defaultOf(f)) : '';
    const ids = [hint ? `${f}-hint` : '', issue ? `${f}-error` : ''].filter(Boolean).join(' ');
    return `<p><label for="${f}">${labelOf(f)}</label>
<input id="${f}" name="${f}" value="${esc(current(f))}"${f === 'dutyGroupId' ? ' required' : ''}${ro ? ' readonly' : ''}${f.startsWith('ackSla') ? ' inputmode="numeric"' : ''} maxlength="40"${issue ? ' aria-invalid="true"' : ''}${ids ? ` aria-describedby="${ids}"` : ''}>
${hint ? `<small id="${f}-hint">${esc(hint)}</small>` : ''}${issue ? `<small class="bad" id="${f}-error">${esc(problemOf(f))}</small>` : ''}</p>`;
  };
  const problems = [
    ...(st.issues ?? []).filter((i) => !(SETTING_FIELDS as readonly string[]).includes(i.field)).map((i) => `${labelOf(i.field)}: ${problemOf(i.field)}`),
    ...(st.conflicts ?? []).map(conflictText),
  ];
  return layout(
    T.settings.heading,
    `${s.national ? `<p><a href="/console/settings">← ${T.settings.centersHeading}</a></p>` : ''}<h1>${esc(T.settings.heading)}: ${esc(c.name)} (${esc(c.code)})</h1>
${st.message ? `<p class="notice" role="alert">${esc(st.message)}</p>` : ''}${problems.length ? `<ul role="alert">${problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : ''}
${ro ? `<p class="notice">${T.settings.homeReadOnly}</p>` : ''}
<form method="post" action="/console/settings/centers/${encodeURIComponent(c.code)}" class="card settings"><input type="hidden" name="_csrf" value="${esc(s.csrf)}">
${SETTING_FIELDS.map(field).join('')}${ro ? '' : `<button>${T.settings.save}</button>`}</form>`,
    s,
    'settings',
  );
}

/** Every center, each with its link: to edit it, or for the home center (set by the environment) to view it. */
export function centersPage(s: ConsoleSession, centers: Center[], message?: string): string {
  const geo = thailand();
  const rows = centers
    .map(
      (c) => `<tr><th scope="row">${esc(c.code)}</th><td>${esc(c.name)}${c.home ? ` <span class="tag pub">${T.settings.home}</span>` : ''}</td>
<td>${esc(c.provinces.map((p) => geo.province(p)?.name ?? p).join(', '))}</td><td>${esc(c.dayShift)}</td>
<td>${esc(`${c.ackSlaUrgentMinutes}/${c.ackSlaNormalMinutes}`)}</td><td><a href="/console/settings/centers/${encodeURIComponent(c.code)}">${c.home ? T.settings.view : T.settings.edit}</a></td></tr>`,
    )
    .join('');
  return layout(
    T.settings.centersHeading,
    `<h1>${T.settings.centersHeading}</h1>${message ? `<p class="notice" role="status">${esc(message)}</p>` : ''}
<div class="table-wrap"><table class="centers"><caption>${T.settings.centersHeading}</caption><thead><tr>${Object.values(T.settings.cols)
      .map((h) => `<th scope="col">${h}</th>`)
      .join('')}</tr></thead><tbody>${rows}</tbody></table></div>`,
    s,
    'settings',
  );
}
