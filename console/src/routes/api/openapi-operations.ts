import { enrollRequestSchema, enrollResponseSchema } from '@plantwatch/protocol';
import { z } from 'zod';
import type { Permission } from '../../auth/principal.ts';
import {
  bulkDecisionInputSchema,
  changeWindowInputSchema,
  decisionInputSchema,
  ignoreRuleInputSchema,
  ownershipInputSchema,
  resolutionInputSchema,
} from '../../governance/inputs.ts';
import {
  apiTokenInputSchema,
  userInputSchema,
  userUpdateSchema,
} from '../../services/accounts/account-inputs.ts';
import { enrollmentTokenInputSchema } from '../../services/enrollment/enrollment-inputs.ts';
import { auditQuery } from './audit.ts';
import { changeWindowQuery } from './change-windows.ts';
import { asOfQuery, siteChangesQuery } from './history.ts';
import { gapQuery } from './ownership.ts';
import { agentEventQuery, driftQuery, pageQuery } from './params.ts';
import { reviewQuery } from './review.ts';
import { agentQuery, diffQuery, inventoryQuery, siteListQuery } from './view-params.ts';

/** One operation of the JSON API, described from the same schemas the routes parse with. */
export interface Operation {
  method: 'get' | 'post' | 'put';
  /** OpenAPI form: `/sites/{siteId}`, relative to /api/v1. */
  path: string;
  tag: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  /** What the caller's role needs beyond reading (see auth/principal.ts). */
  permission?: Permission;
  /** Reachable without credentials. */
  public?: boolean;
  /** Answers text/csv instead of JSON. */
  csv?: boolean;
}

const settingsBody = z.record(z.string(), z.unknown());

export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/health', tag: 'console', summary: 'Liveness and ingest counters', public: true },
  { method: 'get', path: '/openapi.json', tag: 'console', summary: 'This document', public: true },
  {
    method: 'get',
    path: '/sites',
    tag: 'fleet',
    summary: 'Sites with their rollups, sortable and paged',
    query: siteListQuery,
  },
  {
    method: 'get',
    path: '/sites/{siteId}',
    tag: 'fleet',
    summary: 'One site: agents, asset mix, open drift, recent changes',
    query: pageQuery,
  },
  {
    method: 'get',
    path: '/assets',
    tag: 'inventory',
    summary: 'The inventory, filtered, sorted and paged in SQL',
    query: inventoryQuery,
  },
  {
    method: 'get',
    path: '/sites/{siteId}/assets/{assetId}',
    tag: 'inventory',
    summary: 'One asset: identity, values, last poll, owner, drift',
  },
  {
    method: 'get',
    path: '/sites/{siteId}/assets/{assetId}/links',
    tag: 'inventory',
    summary: 'Hosts a switch reports (LLDP, FDB, ARP)',
    query: pageQuery,
  },
  {
    method: 'get',
    path: '/sites/{siteId}/assets/{assetId}/diff',
    tag: 'inventory',
    summary: 'Differences between two configuration versions',
    query: diffQuery,
  },
  {
    method: 'get',
    path: '/sites/{siteId}/assets/{assetId}/history',
    tag: 'history',
    summary: 'Configuration versions, newest first',
    query: pageQuery,
  },
  {
    method: 'get',
    path: '/sites/{siteId}/assets/{assetId}/config',
    tag: 'history',
    summary: 'The configuration as of a time',
    query: asOfQuery,
  },
  {
    method: 'get',
    path: '/sites/{siteId}/changes',
    tag: 'history',
    summary: 'What changed at a site in a time range',
    query: siteChangesQuery,
  },
  {
    method: 'post',
    path: '/history/prune',
    tag: 'history',
    summary: 'Apply the retention settings now',
    permission: 'administer',
  },
  {
    method: 'get',
    path: '/agents',
    tag: 'agents',
    summary: 'Agents with version, state, last seen and targets',
    query: agentQuery,
  },
  {
    method: 'get',
    path: '/agents/by-site',
    tag: 'agents',
    summary: 'Agent health per site',
    query: pageQuery,
  },
  { method: 'get', path: '/agents/versions', tag: 'agents', summary: 'How many agents run each version' },
  {
    method: 'put',
    path: '/agents/{agentId}/owner',
    tag: 'governance',
    summary: "Set an agent's owner and purpose",
    body: ownershipInputSchema,
    permission: 'own',
  },
  {
    method: 'put',
    path: '/sites/{siteId}/assets/{assetId}/owner',
    tag: 'governance',
    summary: "Set an asset's owner and purpose",
    body: ownershipInputSchema,
    permission: 'own',
  },
  {
    method: 'get',
    path: '/governance/gaps',
    tag: 'governance',
    summary: 'Assets and agents without an owner',
    query: gapQuery,
  },
  {
    method: 'get',
    path: '/drift',
    tag: 'drift',
    summary: 'Change events the agents reported',
    query: agentEventQuery,
  },
  {
    method: 'get',
    path: '/drift-records',
    tag: 'drift',
    summary: "The console's drift records, filtered and paged",
    query: driftQuery,
  },
  {
    method: 'get',
    path: '/drift-records/{id}',
    tag: 'drift',
    summary: 'One drift record with its changes and decision',
  },
  {
    method: 'post',
    path: '/drift-records/{id}/decision',
    tag: 'drift',
    summary: 'Approve (with a ticket) or mark unauthorized',
    body: decisionInputSchema,
    permission: 'decide',
  },
  {
    method: 'post',
    path: '/drift-records/{id}/resolve',
    tag: 'drift',
    summary: 'Resolve an unauthorized change',
    body: resolutionInputSchema,
    permission: 'decide',
  },
  {
    method: 'post',
    path: '/drift-records/decisions',
    tag: 'drift',
    summary: 'Decide many drift records at once',
    body: bulkDecisionInputSchema,
    permission: 'decide',
  },
  {
    method: 'get',
    path: '/change-windows',
    tag: 'governance',
    summary: 'Planned change windows',
    query: changeWindowQuery,
  },
  { method: 'get', path: '/change-windows/{id}', tag: 'governance', summary: 'One change window' },
  {
    method: 'post',
    path: '/change-windows',
    tag: 'governance',
    summary: 'Plan a change window',
    body: changeWindowInputSchema,
    permission: 'decide',
  },
  {
    method: 'post',
    path: '/change-windows/{id}/cancel',
    tag: 'governance',
    summary: 'Cancel a change window',
    permission: 'decide',
  },
  {
    method: 'get',
    path: '/ignore-rules',
    tag: 'governance',
    summary: 'Noise filters (every site only)',
    query: pageQuery,
  },
  {
    method: 'get',
    path: '/ignore-rules/{id}',
    tag: 'governance',
    summary: 'One ignore rule with its versions',
  },
  {
    method: 'post',
    path: '/ignore-rules',
    tag: 'governance',
    summary: 'Create an ignore rule',
    body: ignoreRuleInputSchema,
    permission: 'decide',
  },
  {
    method: 'put',
    path: '/ignore-rules/{id}',
    tag: 'governance',
    summary: 'Replace an ignore rule (a new version)',
    body: ignoreRuleInputSchema,
    permission: 'decide',
  },
  {
    method: 'post',
    path: '/ignore-rules/{id}/disable',
    tag: 'governance',
    summary: 'Disable an ignore rule',
    permission: 'decide',
  },
  {
    method: 'post',
    path: '/ignore-rules/{id}/enable',
    tag: 'governance',
    summary: 'Enable an ignore rule',
    permission: 'decide',
  },
  {
    method: 'get',
    path: '/review-queue',
    tag: 'governance',
    summary: 'New assets waiting for a person',
    query: reviewQuery,
  },
  {
    method: 'post',
    path: '/review-queue/{id}/accept',
    tag: 'governance',
    summary: 'Accept a new asset with an owner',
    body: ownershipInputSchema,
    permission: 'own',
  },
  {
    method: 'post',
    path: '/review-queue/{id}/ignore',
    tag: 'governance',
    summary: 'Ignore a new asset with a note',
    body: resolutionInputSchema,
    permission: 'own',
  },
  {
    method: 'get',
    path: '/audit',
    tag: 'audit',
    summary: 'The audit log, newest first (every site only)',
    query: auditQuery,
  },
  { method: 'get', path: '/audit/verify', tag: 'audit', summary: "Check the audit log's hash chain" },
  {
    method: 'get',
    path: '/alerts',
    tag: 'alerts',
    summary: 'Alerts queued and sent (every site only)',
    query: pageQuery,
  },
  {
    method: 'get',
    path: '/alerts/deliveries',
    tag: 'alerts',
    summary: 'Delivery attempts of alerts',
    query: pageQuery,
  },
  {
    method: 'get',
    path: '/settings',
    tag: 'console',
    summary: 'Governance settings, secrets hidden (every site only)',
  },
  {
    method: 'put',
    path: '/settings',
    tag: 'console',
    summary: 'Update settings by partial merge',
    body: settingsBody,
    permission: 'administer',
  },
  {
    method: 'get',
    path: '/export/inventory.csv',
    tag: 'export',
    summary: 'The inventory as CSV (same filters)',
    query: inventoryQuery.omit({ limit: true, offset: true }),
    csv: true,
  },
  {
    method: 'get',
    path: '/export/inventory.json',
    tag: 'export',
    summary: 'The inventory as JSON (same filters)',
    query: inventoryQuery.omit({ limit: true, offset: true }),
  },
  {
    method: 'get',
    path: '/export/drift.csv',
    tag: 'export',
    summary: 'Drift records as CSV (same filters)',
    query: driftQuery.omit({ limit: true, offset: true }),
    csv: true,
  },
  {
    method: 'get',
    path: '/export/drift.json',
    tag: 'export',
    summary: 'Drift records as JSON (same filters)',
    query: driftQuery.omit({ limit: true, offset: true }),
  },
  {
    method: 'post',
    path: '/enroll',
    tag: 'enrollment',
    summary: 'An agent redeems an enrollment token (token in the body)',
    body: enrollRequestSchema,
    response: enrollResponseSchema,
    public: true,
  },
  {
    method: 'get',
    path: '/enrollment-tokens',
    tag: 'enrollment',
    summary: 'Enrollment tokens of your sites',
  },
  {
    method: 'post',
    path: '/enrollment-tokens',
    tag: 'enrollment',
    summary: 'Create a single-use enrollment token (shown once)',
    body: enrollmentTokenInputSchema,
    permission: 'enroll',
  },
  {
    method: 'get',
    path: '/agent-identities',
    tag: 'enrollment',
    summary: 'Enrolled agents with owner, purpose, enrolled at and by',
  },
  { method: 'get', path: '/agent-identities/{agentId}', tag: 'enrollment', summary: 'One enrolled agent' },
  {
    method: 'post',
    path: '/agent-identities/{agentId}/revoke',
    tag: 'enrollment',
    summary: 'Revoke an agent: refused at once',
    permission: 'enroll',
  },
  {
    method: 'post',
    path: '/agent-identities/{agentId}/rotate',
    tag: 'enrollment',
    summary: "Rotate an agent's MQTT password",
    permission: 'enroll',
  },
  {
    method: 'get',
    path: '/users',
    tag: 'accounts',
    summary: 'Users (admins of every site)',
    permission: 'administer',
  },
  {
    method: 'post',
    path: '/users',
    tag: 'accounts',
    summary: 'Add a user (one-time password unless given)',
    body: userInputSchema,
    permission: 'administer',
  },
  {
    method: 'put',
    path: '/users/{userId}',
    tag: 'accounts',
    summary: "Change a user's role, sites or disable it",
    body: userUpdateSchema,
    permission: 'administer',
  },
  {
    method: 'post',
    path: '/users/{userId}/reset-password',
    tag: 'accounts',
    summary: 'A new one-time password',
    permission: 'administer',
  },
  { method: 'get', path: '/tokens', tag: 'accounts', summary: 'API tokens', permission: 'administer' },
  {
    method: 'post',
    path: '/tokens',
    tag: 'accounts',
    summary: 'Create an API token (shown once)',
    body: apiTokenInputSchema,
    permission: 'administer',
  },
  {
    method: 'post',
    path: '/tokens/{tokenId}/revoke',
    tag: 'accounts',
    summary: 'Revoke an API token',
    permission: 'administer',
  },
];
