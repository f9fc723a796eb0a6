import type { ScalarValue } from '@plantwatch/protocol';

/** `2026-11-22 10:00:00 UTC` from an ISO time; the machine-readable form goes in `datetime`. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** A value as a person reads it in a table of current values. */
export function formatValue(value: ScalarValue): string {
  if (value === null) return '—';
  return String(value);
}

/** A value in a change list, where `0` and `"0"` must look different: strings are quoted. */
export function formatChangeValue(value: ScalarValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function shortFingerprint(fingerprint: string | null): string {
  return fingerprint === null ? '—' : fingerprint.slice(0, 12);
}

/** A URL with query parameters; empty ones are left out. */
export function hrefWith(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

export function sitePath(siteId: string): string {
  return `/sites/${encodeURIComponent(siteId)}`;
}

export function assetPath(siteId: string, assetId: string): string {
  return `${sitePath(siteId)}/assets/${encodeURIComponent(assetId)}`;
}

export function driftPath(id: number): string {
  return `/drift/${id}`;
}
