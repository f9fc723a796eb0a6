import type { ConsoleDatabase } from '../db/client.ts';
import { inventoryPage, inventoryRows } from './inventory-query.ts';
import { reading } from './query-errors.ts';
import type { SiteScope } from './site-scope.ts';
import type { InventoryFilter, InventoryRow, InventorySort, Page, SortedPageRequest } from './views.ts';

export interface InventoryService {
  /** Assets of the scope's sites matching the filter, sorted and paged in SQL. */
  list(scope: SiteScope, filter: InventoryFilter, page: SortedPageRequest<InventorySort>): Page<InventoryRow>;
}

export function createInventoryService(db: ConsoleDatabase): InventoryService {
  return {
    list(scope, filter, page) {
      return reading('inventory', () => {
        const { keys, total } = inventoryPage(db, scope, filter, page);
        return { items: inventoryRows(db, keys), total };
      });
    },
  };
}
