import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetSnapshot, inventoryMessage } from '../../testing/messages.ts';
import { seedFleet } from '../../testing/seed.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { csvCell } from './csv.ts';

let t: TestApp;
const download = async (path: string) => {
  const response = await t.app.request(path);
  return {
    status: response.status,
    type: response.headers.get('Content-Type'),
    disposition: response.headers.get('Content-Disposition'),
    text: await response.text(),
  };
};

beforeAll(async () => {
  t = await createTestApp();
  seedFleet(t.ingest);
  // A device that names itself like a spreadsheet formula.
  t.ingest.ingest(
    inventoryMessage({ seq: 20 }, [
      assetSnapshot({
        assetId: 'plc-x',
        host: '10.0.0.99',
        identity: { vendor: '=HYPERLINK("http://evil")', model: 'A,"B"' },
      }),
    ]),
  );
});
afterAll(async () => {
  await t.close();
});

describe('exports', () => {
  it('exports the inventory as CSV with owners and baselines, neutralizing formulas', async () => {
    const csv = await download('/api/v1/export/inventory.csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.disposition).toMatch(/^attachment; filename="plantwatch-inventory-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'siteId,assetId,agentId,protocol,assetClass,host,port,unitId,vendor,model,serial,firmware,fingerprint,baselineFingerprint,lastPollAt,lastOkAt,pollOk,owner,purpose,reviewStatus',
    );
    expect(lines).toHaveLength(5);
    expect(lines.find((line) => line.startsWith('plant-a,plc-x'))).toContain(
      `"'=HYPERLINK(""http://evil"")","A,""B"""`,
    );
    expect(lines.find((line) => line.startsWith('plant-a,press-01'))).toMatch(
      /,modbus,controller,10\.0\.0\.5,502,1,Acme,X1,,2\.4\.1,[0-9a-f]{64},[0-9a-f]{64},.*,true,,,pending$/,
    );
  });

  it('exports the inventory of one site as JSON', async () => {
    const json = await download('/api/v1/export/inventory.json?siteId=plant-b');
    expect(JSON.parse(json.text)).toEqual([
      expect.objectContaining({ siteId: 'plant-b', assetId: 'press-01', vendor: 'Acme', owner: null }),
    ]);
  });

  it('exports drift records with the list filters, as CSV and JSON', async () => {
    const csv = await download('/api/v1/export/drift.csv?siteId=plant-a&state=open');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('setpoints[0]: 100 -> 140');
    const json = JSON.parse((await download('/api/v1/export/drift.json')).text) as unknown[];
    expect(json).toEqual([
      expect.objectContaining({
        kind: 'config',
        changes: [{ path: 'setpoints[0]', change: 'changed', before: 100, after: 140 }],
      }),
    ]);
    expect(JSON.parse((await download('/api/v1/export/drift.json?state=approved')).text)).toEqual([]);
    expect((await download('/api/v1/export/drift.xml')).status).toBe(404);
    expect((await download('/api/v1/export/drift.csv?severity=huge')).status).toBe(400);
  });

  it('quotes and neutralizes cells', () => {
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell(null)).toBe('');
  });
});
