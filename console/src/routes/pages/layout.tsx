/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

export type NavArea = 'fleet' | 'drift' | 'review' | 'windows' | 'governance' | 'audit';

export interface LayoutProps {
  title: string;
  nav?: NavArea;
  children?: Child;
}

/** Every page: a doctype, the stylesheet, the navigation. No scripts: pages work without them. */
export function Layout({ title, nav, children }: LayoutProps) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title} · Plantwatch</title>
          <link rel="stylesheet" href="/static/app.css" />
        </head>
        <body>
          <header class="top">
            <a class="brand" href="/">
              Plantwatch
            </a>
            <nav>
              <a href="/" aria-current={nav === 'fleet' ? 'page' : undefined}>
                Fleet
              </a>
              <a href="/drift" aria-current={nav === 'drift' ? 'page' : undefined}>
                Drift
              </a>
              <a href="/review" aria-current={nav === 'review' ? 'page' : undefined}>
                New assets
              </a>
              <a href="/change-windows" aria-current={nav === 'windows' ? 'page' : undefined}>
                Change windows
              </a>
              <a href="/governance" aria-current={nav === 'governance' ? 'page' : undefined}>
                Governance
              </a>
              <a href="/audit" aria-current={nav === 'audit' ? 'page' : undefined}>
                Audit
              </a>
              <a href="/api/v1/health">API health</a>
            </nav>
          </header>
          <main>{children}</main>
          <footer>Read-only view. Plantwatch never writes to a PLC.</footer>
        </body>
      </html>
    </>
  );
}
