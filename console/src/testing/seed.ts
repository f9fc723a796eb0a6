import type { IngestService } from '../services/ingest-service.ts';
import { assetSnapshot, driftMessage, failedSnapshot, inventoryMessage, statusMessage } from './messages.ts';

/**
 * A small fleet, ingested through the real service: plant-a with an online agent, two assets (the
 * second's last poll failed) and one open drift event; plant-b with an agent that sent no status.
 */
export function seedFleet(ingest: IngestService): void {
  ingest.ingest(statusMessage({ seq: 1 }));
  ingest.ingest(
    inventoryMessage({ seq: 2 }, [assetSnapshot(), assetSnapshot({ assetId: 'press-02', host: '10.0.0.6' })]),
  );
  ingest.ingest(inventoryMessage({ seq: 3 }, [failedSnapshot('press-02')]));
  ingest.ingest(driftMessage({ seq: 4 }));
  ingest.ingest(inventoryMessage({ siteId: 'plant-b', agentId: 'gw-b1', seq: 1 }));
}
