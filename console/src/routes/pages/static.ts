import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

// A file served by a route rather than inline: hono/jsx escapes the text inside <style>, and the
// content security policy allows only same-origin stylesheets.
const APP_CSS = readFileSync(new URL('./app.css', import.meta.url), 'utf8');

export function createStaticRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/app.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(APP_CSS);
  });
}
