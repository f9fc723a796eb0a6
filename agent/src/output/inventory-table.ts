import type { AssetSnapshot } from '@plantwatch/protocol';

const COLUMNS: { title: string; cell: (asset: AssetSnapshot) => string; max: number }[] = [
  { title: 'TARGET', cell: (a) => a.assetId, max: 24 },
  {
    title: 'ADDRESS',
    cell: (a) => `${a.host}:${a.port}${a.unitId === undefined ? '' : `/${a.unitId}`}`,
    max: 28,
  },
  { title: 'STATUS', cell: (a) => (a.poll.ok ? 'ok' : `FAILED ${a.poll.error?.code ?? ''}`.trim()), max: 20 },
  { title: 'VENDOR', cell: (a) => a.identity.vendor ?? '', max: 20 },
  {
    title: 'PRODUCT',
    cell: (a) => a.identity.model ?? a.identity.productName ?? a.identity.productCode ?? '',
    max: 24,
  },
  { title: 'REVISION', cell: (a) => a.identity.firmware ?? a.identity.revision ?? '', max: 12 },
  { title: 'SERIAL', cell: (a) => a.identity.serial ?? '', max: 18 },
  { title: 'VALUES', cell: (a) => String(a.values.length), max: 6 },
  { title: 'FINGERPRINT', cell: (a) => a.fingerprint?.slice(0, 12) ?? '-', max: 12 },
  { title: 'MS', cell: (a) => String(a.poll.durationMs), max: 6 },
];

/**
 * A plain-text table for a terminal. Device strings were stripped of control characters when read,
 * so they cannot move the cursor or recolour the screen; long ones are cut to the column.
 */
export function formatInventoryTable(assets: readonly AssetSnapshot[]): string {
  const rows = assets.map((asset) => COLUMNS.map((column) => clip(column.cell(asset), column.max)));
  const widths = COLUMNS.map((column, index) =>
    Math.max(column.title.length, ...rows.map((row) => row[index]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  const lines = [line(COLUMNS.map((column) => column.title)), ...rows.map(line)];
  for (const asset of assets) {
    if (!asset.poll.ok) lines.push(`  ${asset.assetId}: ${asset.poll.error?.message ?? 'failed'}`);
  }
  return `${lines.join('\n')}\n`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
