export { createAdminApi, type AdminApiDeps, type AttachmentContent } from './admin-api';
export type { CaseListItem, CaseView } from './case-view';
