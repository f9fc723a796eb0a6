/** @jsxImportSource hono/jsx */

import { tryGetContext } from 'hono/context-storage';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { can } from '../../auth/principal.ts';
import type { AppEnv } from '../env.ts';
import { CsrfField } from './form-fields.tsx';

export type NavArea =
  | 'fleet'
  | 'inventory'
  | 'agents'
  | 'drift'
  | 'review'
  | 'windows'
  | 'governance'
  | 'audit'
  | 'admin'
  | 'enrollment';

export interface LayoutProps {
  title: string;
  nav?: NavArea;
  /** The sign-in page: no navigation and no user menu. */
  signedOut?: boolean;
  children?: Child;
}

/** Every page: a doctype, the stylesheet, the navigation. No scripts: pages work without them. */
export function Layout({ title, nav, signedOut = false, children }: LayoutProps) {
  const principal = signedOut ? undefined : tryGetContext<AppEnv>()?.var.principal;
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
              <a href="/inventory" aria-current={nav === 'inventory' ? 'page' : undefined}>
                Inventory
              </a>
              <a href="/agents" aria-current={nav === 'agents' ? 'page' : undefined}>
                Agents
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
              {principal !== undefined && can(principal, 'enroll') ? (
                <a href="/enrollment" aria-current={nav === 'enrollment' ? 'page' : undefined}>
                  Enrollment
                </a>
              ) : null}
              {principal?.role === 'admin' && principal.sites === null ? (
                <a href="/admin/users" aria-current={nav === 'admin' ? 'page' : undefined}>
                  Users
                </a>
              ) : null}
            </nav>
            {principal === undefined ? null : (
              <form method="post" action="/logout" class="user-menu">
                <CsrfField />
                <span title={principal.sites === null ? 'every site' : principal.sites.join(', ')}>
                  {principal.actor} · {principal.role}
                  {principal.sites === null ? '' : ` · ${principal.sites.length} site(s)`}
                </span>{' '}
                <button type="submit" class="link">
                  Sign out
                </button>
              </form>
            )}
          </header>
          <main>{children}</main>
          <footer>Read-only view. Plantwatch never writes to a PLC.</footer>
        </body>
      </html>
    </>
  );
}
