import type { IngestService } from '../services/ingest-service.ts';
import { assetSnapshot, driftMessage, failedSnapshot, inventoryMessage, statusMessage } from './messages.ts';

/** The change the seed makes to plant-a/press-01 after its baseline: setpoints[0] 100 -> 140. */
export const SEED_CHANGED_PRESS = assetSnapshot({
  values: [
    { path: 'setpoints[0]', class: 'config', value: 140, unit: 'rpm' },
    { path: 'mode', class: 'config', value: 'auto' },
    { path: 'temperature', class: 'volatile', value: 21.5, unit: 'degC' },
  ],
  poll: { ...assetSnapshot().poll, startedAt: '2026-11-22T10:10:00.000Z' },
});

/**
 * A small fleet, ingested through the real service: plant-a with an online agent, two assets (the
 * second's last poll failed) and one open drift record on press-01 (its setpoint changed after the
 * baseline, which the agent reported too); plant-b with an agent that sent no status.
 */
export function seedFleet(ingest: IngestService): void {
  ingest.ingest(statusMessage({ seq: 1 }));
  ingest.ingest(
    inventoryMessage({ seq: 2 }, [assetSnapshot(), assetSnapshot({ assetId: 'press-02', host: '10.0.0.6' })]),
  );
  ingest.ingest(inventoryMessage({ seq: 3 }, [failedSnapshot('press-02')]));
  ingest.ingest(inventoryMessage({ seq: 4 }, [SEED_CHANGED_PRESS]));
  ingest.ingest(
    driftMessage(
      { seq: 5 },
      {
        previousFingerprint: assetSnapshot().fingerprint ?? '',
        currentFingerprint: SEED_CHANGED_PRESS.fingerprint ?? '',
      },
    ),
  );
  ingest.ingest(inventoryMessage({ siteId: 'plant-b', agentId: 'gw-b1', seq: 1 }));
}
