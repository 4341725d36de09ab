/**
 * Centers as data: the home center from the environment, the others stored and managed through
 * `/api/centers` and `npm run centers`. Routing calls `centerForProvince` (the serving center or the
 * home center marked out of area) and `centerOfGroup`.
 */
export { checkCenter, configuredGroupsOf, homeCenter, resolveCenter, routeProvince, type CenterCheck, type Conflict, type FieldIssue } from './decide';
export { createCentersRouter, type CentersRouterDeps } from './router';
export { centerModel, createCenterStore, type CenterStore, type PutResult, type RemoveResult } from './store';
export * from './types';
export { centerExport, centerView, type CenterView } from './views';
