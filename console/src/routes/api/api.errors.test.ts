import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../testing/seed.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
const get = async (path: string) => {
  const response = await t.app.request(path);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  t = await createTestApp();
  seedFleet(t.ingest);
});

afterAll(async () => {
  await t.close();
});

describe('JSON API, errors', () => {
  const errorShape = (code: string) => ({
    error: { code, message: expect.any(String), requestId: expect.any(String) },
  });

  it('answers an unknown route with a 404 in the error shape', async () => {
    expect(await get('/api/v1/nothing-here')).toEqual({ status: 404, body: errorShape('not_found') });
    expect(await get('/definitely/not/a/page')).toEqual({ status: 404, body: errorShape('not_found') });
  });

  it('answers an unknown drift record with a 404', async () => {
    expect(await get('/api/v1/drift-records/999')).toEqual({ status: 404, body: errorShape('not_found') });
  });

  it('answers an unknown site or asset with a 404', async () => {
    expect(await get('/api/v1/sites/plant-z')).toEqual({ status: 404, body: errorShape('not_found') });
    expect(await get('/api/v1/sites/plant-a/assets/nope')).toEqual({
      status: 404,
      body: errorShape('not_found'),
    });
  });

  it.each([
    '/api/v1/assets?limit=abc',
    '/api/v1/assets?limit=0',
    '/api/v1/assets?limit=100000',
    '/api/v1/assets?offset=-1',
    '/api/v1/drift?state=closed',
    '/api/v1/drift-records?state=open,nope',
    '/api/v1/drift-records?severity=extreme',
    '/api/v1/drift-records?from=yesterday',
    '/api/v1/drift-records/abc',
    '/api/v1/agents?siteId=plant%2Fa',
    '/api/v1/sites/bad%20site',
  ])('answers a bad parameter (%s) with a 400 naming it', async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body).toEqual(errorShape('invalid_argument'));
  });

  it('names the failing parameter and echoes the request id', async () => {
    const response = await t.app.request('/api/v1/assets?limit=abc', {
      headers: { 'X-Request-Id': 'req-42' },
    });
    const body = (await response.json()) as { error: { message: string; requestId: string } };
    expect(body.error.message).toContain('limit');
    expect(body.error.requestId).toBe('req-42');
    expect(response.headers.get('X-Request-Id')).toBe('req-42');
  });

  it('does not log client errors', () => {
    expect(t.logLines.filter((line) => line.includes('request failed'))).toEqual([]);
  });
});
