import type { Severity } from '../governance/vocabulary.ts';
import { type AlertPayload, alertSummary } from './alert-payload.ts';

/**
 * ArcSight Common Event Format. Header fields escape `\` and `|`; extension values escape `\`,
 * `=` and line breaks (as `\n`, `\r`). Everything from a device or a person goes through these:
 * a PLC that names itself `x|y=z\n` must not add fields or lines. Other control characters are
 * dropped and every value is cut to a bound.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const OTHER_CONTROLS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/g;

export function cefHeader(value: string, max = 128): string {
  return value
    .replace(/[\r\n]+/g, ' ')
    .replace(OTHER_CONTROLS, '')
    .slice(0, max)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|');
}

export function cefValue(value: string, max = 512): string {
  return value
    .replace(OTHER_CONTROLS, '')
    .slice(0, max)
    .replace(/\\/g, '\\\\')
    .replace(/=/g, '\\=')
    .replace(/\r\n|\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

const CEF_SEVERITY: Record<Severity, number> = { low: 3, medium: 5, high: 8, critical: 10 };

const NAMES: Record<AlertPayload['event'], string> = {
  'drift.opened': 'Configuration drift detected',
  'drift.unauthorized': 'Unauthorized configuration change',
  'agent.offline': 'Plantwatch agent offline',
};

export interface CefOptions {
  productVersion: string;
  /** The alert's delivery id, so that a SIEM can tell a retry from a new event. */
  deliveryId: number;
}

export function cefMessage(payload: AlertPayload, options: CefOptions): string {
  const header = [
    'CEF:0',
    'Plantwatch',
    'Plantwatch Console',
    cefHeader(options.productVersion, 32),
    cefHeader(payload.event, 64),
    cefHeader(`${NAMES[payload.event]}: ${payload.drift.class} at ${payload.siteId}`, 256),
    String(CEF_SEVERITY[payload.severity]),
  ].join('|');
  const fields: [string, string | number | null][] = [
    ['rt', Date.parse(payload.occurredAt)],
    ['externalId', options.deliveryId],
    ['cat', payload.drift.kind],
    ['act', payload.drift.state],
    ['cs1Label', 'site'],
    ['cs1', payload.siteId],
    ['cs2Label', 'asset'],
    ['cs2', payload.assetId],
    ['cs3Label', 'agent'],
    ['cs3', payload.agentId],
    ['cs4Label', 'driftClass'],
    ['cs4', payload.drift.class],
    ['cs5Label', 'ticket'],
    ['cs5', payload.drift.ticket],
    ['cn1Label', 'driftId'],
    ['cn1', payload.drift.id],
    ['suser', payload.drift.decidedBy],
    // Last, so that cutting an oversized message only shortens the summary.
    ['msg', alertSummary(payload)],
  ];
  const extension = fields
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${key}=${cefValue(String(value), key === 'msg' ? 1_023 : 512)}`)
    .join(' ');
  return `${header}|${extension}`;
}
