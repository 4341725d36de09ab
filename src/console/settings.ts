import type { Request, Response, Router } from 'express';
import type { CenterStore } from '../centers/store';
import type { Logger } from '../log/logger';
import { CONSOLE_TH as T } from '../strings/th/console';
import type { ConsoleSession } from './sessions';
import { SETTING_FIELDS, centersPage, settingsPage, type SettingField } from './settings-views';
import { messagePage } from './views';

/**
 * /console/settings: a center's supervisors (members of its escalation group) edit its duty groups,
 * shift and SLAs; the national desk sees every center and may edit each. Writes go through the
 * centers store's `put`, so the rules are PUT /api/centers' (400 per field, 409 on a group or
 * province another center holds, nothing written when refused). Name and provinces are kept: which
 * provinces a center serves is routing, managed through the admin API. Every POST passes the
 * console's CSRF check before it reaches here.
 */

export interface SettingsDeps {
  store: Pick<CenterStore, 'get' | 'list' | 'put'>;
  sessionOf(req: Request): ConsoleSession;
  now(): Date;
  logger: Logger;
}

/** A number field as typed: empty → left out (the default applies); digits → a number; else kept as text for the schema to refuse. */
const numberOrText = (v: string) => (/^\d+(\.\d+)?$/.test(v) ? Number(v) : v);

export function settingsRoutes(router: Router, d: SettingsDeps): void {
  const mayEdit = (s: ConsoleSession, code: string) => !!s.national || (s.role === 'supervisor' && s.centerCode === code);
  const forbidden = (req: Request, res: Response) => void res.status(403).type('html').send(messagePage(T.settings.heading, T.settings.forbidden, d.sessionOf(req)));
  const notFound = (req: Request, res: Response) => void res.status(404).type('html').send(messagePage(T.error.notFound, T.error.notFound, d.sessionOf(req)));

  router.get('/settings', async (req, res) => {
    const s = d.sessionOf(req);
    if (s.national) return void res.type('html').send(centersPage(s, await d.store.list()));
    if (s.role !== 'supervisor' || !s.centerCode) return forbidden(req, res);
    res.redirect(302, `/console/settings/centers/${encodeURIComponent(s.centerCode)}`);
  });

  router.get('/settings/centers/:code', async (req, res) => {
    const s = d.sessionOf(req);
    if (!s.national && s.role !== 'supervisor') return forbidden(req, res);
    const c = mayEdit(s, req.params.code) ? await d.store.get(req.params.code) : undefined;
    if (!c) return notFound(req, res);
    res.type('html').send(settingsPage(s, c, { message: req.query.saved ? T.settings.saved : undefined }));
  });

  router.post('/settings/centers/:code', async (req, res) => {
    const s = d.sessionOf(req);
    if (!s.national && s.role !== 'supervisor') return forbidden(req, res);
    const c = mayEdit(s, req.params.code) ? await d.store.get(req.params.code) : undefined;
    if (!c) return notFound(req, res);
    const form = req.body as Record<string, unknown>;
    const values = Object.fromEntries(SETTING_FIELDS.map((f) => [f, typeof form[f] === 'string' ? (form[f] as string).trim() : ''])) as Record<SettingField, string>;
    if (c.home) return void res.status(409).type('html').send(settingsPage(s, c, { values, message: T.settings.homeReadOnly }));
    const body: Record<string, unknown> = { name: c.name, provinces: [...c.provinces] };
    for (const f of SETTING_FIELDS) if (values[f]) body[f] = f.startsWith('ackSla') ? numberOrText(values[f]) : values[f];
    const r = await d.store.put(c.code, body, d.now());
    if (!r.ok) {
      if (r.status === 400) return void res.status(400).type('html').send(settingsPage(s, c, { values, issues: r.issues, message: T.settings.invalid }));
      return void res.status(409).type('html').send(settingsPage(s, c, { values, conflicts: r.conflicts, message: r.error === 'home_center' ? T.settings.homeReadOnly : T.settings.conflict }));
    }
    if (r.changed) d.logger.info('console: center settings saved', { centerCode: c.code });
    res.redirect(303, `/console/settings/centers/${encodeURIComponent(c.code)}?saved=1`);
  });
}
