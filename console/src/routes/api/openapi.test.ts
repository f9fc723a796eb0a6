import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/openapi.json', () => {
  it('describes exactly the routes the API serves, without credentials', async () => {
    const response = await t.app.request('/api/v1/openapi.json', { headers: { Authorization: '' } });
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    const described = new Set(
      Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map(
          (method) => `${method.toUpperCase()} /api/v1${path.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      ),
    );
    const served = new Set(
      t.app.routes
        .filter((route) => route.path.startsWith('/api/v1/') && route.method !== 'ALL')
        .map((route) => `${route.method} ${route.path.replace(/\/$/, '')}`),
    );
    expect(
      [...served].filter((route) => !described.has(route)),
      'served but not described',
    ).toEqual([]);
    expect(
      [...described].filter((route) => !served.has(route)),
      'described but not served',
    ).toEqual([]);
  });

  it('carries the parameters and bodies of the route schemas', async () => {
    const document = (await (await t.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters: { name: string }[];
            requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
          }
        >
      >;
    };
    const list = document.paths['/drift-records']?.get;
    expect(list?.parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['siteId', 'state', 'limit', 'offset']),
    );
    const decide = document.paths['/drift-records/{id}/decision']?.post;
    expect(Object.keys(decide?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual(
      expect.arrayContaining(['decision', 'ticket', 'comment']),
    );
  });
});
