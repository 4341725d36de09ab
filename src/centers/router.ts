import express, { type Router } from 'express';
import { thailand, type Geography } from '../geo';
import type { Logger } from '../log/logger';
import type { CenterStore } from './store';
import { centerView } from './views';

/**
 * `/api/centers`: the centers as data. Mounted inside the admin API, so it sits behind the same
 * bearer token and JSON body parser. PUT creates (201) or replaces (200) and is idempotent; a refused
 * write writes nothing. Logs name center codes only.
 */
export interface CentersRouterDeps {
  centers: CenterStore;
  /** Whether a center still has open cases (the case repository answers; DELETE is refused if so). */
  hasOpenCases(centerCode: string): Promise<boolean>;
  logger: Logger;
  geo?: Geography;
  now?: () => Date;
}

export function createCentersRouter(deps: CentersRouterDeps): Router {
  const { centers, logger } = deps;
  const geo = deps.geo ?? thailand();
  const now = deps.now ?? (() => new Date());
  const router = express.Router();
  const notFound = (res: express.Response) => void res.status(404).json({ error: 'not_found' });

  router.get('/', async (_req, res) => {
    res.json({ items: (await centers.list()).map((c) => centerView(c, geo)) });
  });

  router.get('/:code', async (req, res) => {
    const c = await centers.get(req.params.code);
    if (!c) return notFound(res);
    res.json(centerView(c, geo));
  });

  router.put('/:code', async (req, res) => {
    const code = req.params.code;
    const r = await centers.put(code, req.body, now());
    if (!r.ok) {
      if (r.status === 400) return void res.status(400).json({ error: 'invalid_request', issues: r.issues });
      if (r.error === 'home_center') {
        return void res.status(409).json({ error: 'home_center', reason: 'the home center is set by the environment (CENTER_*, DUTY_*)' });
      }
      return void res.status(409).json({ error: 'conflict', conflicts: r.conflicts });
    }
    if (r.changed) logger.info(r.created ? 'centers: center created' : 'centers: center replaced', { centerCode: code });
    res.status(r.created ? 201 : 200).json(centerView(r.center, geo));
  });

  router.delete('/:code', async (req, res) => {
    const code = req.params.code;
    const r = await centers.remove(code, deps.hasOpenCases);
    if (!r.ok) {
      if (r.status === 404) return notFound(res);
      return void res.status(409).json({ error: r.error });
    }
    logger.info('centers: center deleted', { centerCode: code });
    res.status(204).end();
  });

  return router;
}
