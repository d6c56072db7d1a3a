/**
 * The API's routes, in API Gateway's resource syntax. The CDK app builds the
 * REST API from this list and the local HTTP front routes by it, so the two
 * cannot drift apart.
 */
export interface Route {
  method: 'GET' | 'POST';
  resource: string;
  /** `caller` routes need the caller's credentials on AWS; `link` routes rely on a signed link. */
  auth: 'caller' | 'link';
  summary: string;
}

export const routes: Route[] = [
  { method: 'POST', resource: '/runs', auth: 'caller', summary: 'Start a sales run' },
  { method: 'GET', resource: '/runs', auth: 'caller', summary: 'List runs, newest first' },
  { method: 'GET', resource: '/runs/{runId}', auth: 'caller', summary: 'Read a run' },
  {
    method: 'POST',
    resource: '/campaigns',
    auth: 'caller',
    summary: 'Start a campaign: one sales run per selected account, drafts for the best fits',
  },
  {
    method: 'GET',
    resource: '/campaigns/{campaignId}',
    auth: 'caller',
    summary: 'Read a campaign: ranking, skipped and failed accounts, drafts and their approvals',
  },
  {
    method: 'POST',
    resource: '/campaigns/{campaignId}/decisions',
    auth: 'caller',
    summary: "Approve or reject several of a campaign's drafts at once",
  },
  {
    method: 'GET',
    resource: '/approvals/{approvalId}',
    auth: 'link',
    summary: 'Show what is to be approved; decides nothing',
  },
  {
    method: 'POST',
    resource: '/approvals/{approvalId}',
    auth: 'link',
    summary: 'Approve or reject, with a reason',
  },
];

/** The key a handler dispatches on: `POST /runs`. */
export function routeKey(method: string, resource: string): string {
  return `${method.toUpperCase()} ${resource}`;
}
