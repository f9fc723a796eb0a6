import type { ConsoleDatabase } from '../db/client.ts';
import { type AssetService, createAssetService } from './asset-service.ts';
import { createDriftService, type DriftService } from './drift-service.ts';
import { createFleetService, type FleetService } from './fleet-service.ts';
import type { IngestService } from './ingest-service.ts';

/** What the routes may use. Routes reach the database only through these. */
export interface ConsoleServices {
  fleet: FleetService;
  assets: AssetService;
  drift: DriftService;
  ingest: Pick<IngestService, 'stats'>;
}

export function createViewServices(
  db: ConsoleDatabase,
  ingest: Pick<IngestService, 'stats'>,
): ConsoleServices {
  const drift = createDriftService(db);
  const assets = createAssetService(db, drift);
  return { fleet: createFleetService(db, assets), assets, drift, ingest };
}
