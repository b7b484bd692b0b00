import {
  ApplicationAccepted,
  ApplicationView,
  AuditTrail,
  LoanApplication,
  ReviewRequest,
} from '@baton/loan-underwriting-contracts';
import type { ApiRoute } from '@baton/http';

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: true,
  description:
    'Unique per application (1 to 200 visible ASCII characters). The same key with the same body returns the first response; with another body, 409.',
};

/** The loan API as the OpenAPI document at `/docs` describes it, built from the same zod contracts the routes parse with. */
export const LOAN_API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/v1/applications',
    summary: 'Submit an application for underwriting',
    roles: ['intake'],
    headers: [IDEMPOTENCY_KEY],
    body: LoanApplication,
    responses: {
      202: { description: 'Accepted: underwriting runs in the background', schema: ApplicationAccepted },
      400: { description: 'Invalid body or missing Idempotency-Key; each bad field is named' },
      401: { description: 'Missing or invalid bearer token' },
      403: { description: 'The token lacks the intake role' },
      409: { description: 'The Idempotency-Key was used with another body, or its first request is still running' },
      413: { description: 'Body too large' },
      415: { description: 'Body is not JSON' },
      429: { description: 'Rate limit of the tenant reached; see Retry-After' },
    },
  },
  {
    method: 'get',
    path: '/v1/applications/{id}',
    summary: 'Status, decision with reasons, policy version, model and steps so far',
    roles: ['intake', 'underwriter', 'auditor'],
    responses: {
      200: { description: 'The application', schema: ApplicationView },
      401: { description: 'Missing or invalid bearer token' },
      404: { description: 'No such application in the caller’s tenant' },
      429: { description: 'Rate limit of the tenant reached' },
    },
  },
  {
    method: 'post',
    path: '/v1/applications/{id}/review',
    summary: 'An underwriter completes a referred application',
    roles: ['underwriter'],
    body: ReviewRequest,
    responses: {
      202: { description: 'The review is recorded; the decision follows', schema: ApplicationAccepted },
      400: { description: 'Invalid body' },
      401: { description: 'Missing or invalid bearer token' },
      403: { description: 'The token lacks the underwriter role' },
      404: { description: 'No such application in the caller’s tenant' },
      409: { description: 'The application is not referred' },
      429: { description: 'Rate limit of the tenant reached' },
    },
  },
  {
    method: 'get',
    path: '/v1/applications/{id}/audit',
    summary: 'The application’s event history, personal fields masked, and its hash-chain verification',
    roles: ['auditor'],
    responses: {
      200: { description: 'The audit trail', schema: AuditTrail },
      401: { description: 'Missing or invalid bearer token' },
      403: { description: 'The token lacks the auditor role' },
      404: { description: 'No such application in the caller’s tenant' },
      429: { description: 'Rate limit of the tenant reached' },
    },
  },
  {
    method: 'get',
    path: '/health',
    summary: 'Liveness and readiness of PostgreSQL and RabbitMQ',
    public: true,
    responses: { 200: { description: 'Ready' }, 503: { description: 'A dependency is down' } },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    public: true,
    responses: { 200: { description: 'Metrics in the Prometheus text format' } },
  },
  {
    method: 'get',
    path: '/kpi',
    summary: 'KPIs from the event store beside their bands',
    public: true,
    responses: { 200: { description: 'The KPI report' }, 400: { description: 'Invalid window' } },
  },
];
