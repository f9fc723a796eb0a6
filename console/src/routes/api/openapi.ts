import { Hono } from 'hono';
import { z } from 'zod';
import { PERMISSIONS } from '../../auth/principal.ts';
import type { AppEnv } from '../env.ts';
import { OPERATIONS, type Operation } from './openapi-operations.ts';

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  // Query strings and bodies are described as clients send them (before defaults and transforms).
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
}

function operationObject(operation: Operation): Json {
  const pathParams = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: name === 'id' ? 'integer' : 'string' },
  }));
  const shape = operation.query?.shape ?? {};
  const queryParams = Object.entries(shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: !(field as z.ZodType).safeParse(undefined).success,
    schema: schemaOf(field as z.ZodType, 'input'),
  }));
  const roles = operation.permission === undefined ? undefined : PERMISSIONS[operation.permission];
  return {
    tags: [operation.tag],
    summary: operation.summary,
    ...(roles === undefined
      ? {}
      : { description: `Roles: ${roles.join(', ')} (within the caller's sites).` }),
    ...(operation.public ? { security: [] } : {}),
    parameters: [...pathParams, ...queryParams],
    ...(operation.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(operation.body, 'input') } },
          },
        }),
    responses: {
      '200': {
        description: 'OK',
        content: operation.csv
          ? { 'text/csv': { schema: { type: 'string' } } }
          : {
              'application/json': {
                schema: operation.response ? schemaOf(operation.response, 'output') : {},
              },
            },
      },
      default: { $ref: '#/components/responses/Error' },
    },
  };
}

/** The OpenAPI 3.1 description of /api/v1, built once from the route schemas. */
export function openApiDocument(version: string): Json {
  const paths: Record<string, Json> = {};
  for (const operation of OPERATIONS) {
    paths[operation.path] = {
      ...(paths[operation.path] ?? {}),
      [operation.method]: operationObject(operation),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Plantwatch console API',
      version,
      description:
        'Read the fleet, decide drift, manage governance. Authenticate with an API token ' +
        '(`Authorization: Bearer pwt_...`, created by an admin) or a session cookie plus the ' +
        '`X-CSRF-Token` header. Callers limited to some sites never see other sites: their ' +
        'records answer 404. Errors are `{"error":{"code","message","requestId"}}`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (pwt_...)' },
        session: { type: 'apiKey', in: 'cookie', name: 'pw_session' },
      },
      responses: {
        Error: {
          description:
            'An error: 400 invalid, 401 unauthenticated, 403 not allowed, 404 not found (or not yours), 409 conflict, 429 rate limited',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  error: {
                    type: 'object',
                    properties: {
                      code: { type: 'string' },
                      message: { type: 'string' },
                      requestId: { type: 'string' },
                    },
                    required: ['code', 'message', 'requestId'],
                  },
                },
              },
            },
          },
        },
      },
    },
    paths,
  };
}

export function createOpenApiRoutes(version: string): Hono<AppEnv> {
  let document: Json | undefined;
  return new Hono<AppEnv>().get('/', (c) => {
    document ??= openApiDocument(version);
    return c.json(document);
  });
}
