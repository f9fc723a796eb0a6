import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';

export function createHealthRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => c.json({ status: 'ok', ingest: services.ingest.stats() }));
}
