import { idSchema, protocolNameSchema } from '@plantwatch/protocol';
import { z } from 'zod';
import {
  AGENT_SORTS,
  ASSET_CLASSES,
  INVENTORY_SORTS,
  type InventoryFilter,
  SITE_SORTS,
  SORT_DIRECTIONS,
} from '../../services/views.ts';
import { AGENT_STATES } from '../../states.ts';
import { pageQuery } from './params.ts';

/** Query schemas of the fleet, inventory and agent views, shared by the API, the pages and exports. */

const direction = z.enum(SORT_DIRECTIONS).default('asc');
const text = z.string().trim().min(1).max(200);

export const siteListQuery = pageQuery.extend({ sort: z.enum(SITE_SORTS).default('site'), dir: direction });

/** The inventory filter; exports take the same parameters without paging and sorting. */
export const inventoryFilterQuery = z.object({
  siteId: idSchema.optional(),
  q: text.optional(),
  vendor: text.optional(),
  model: text.optional(),
  firmware: text.optional(),
  protocol: protocolNameSchema.optional(),
  class: z.enum(ASSET_CLASSES).optional(),
  owner: text.optional(),
  /** `yes`: only assets with an owner; `no`: only those without (governance gaps). */
  owned: z.enum(['yes', 'no']).optional(),
});
export type InventoryFilterQuery = z.output<typeof inventoryFilterQuery>;

export const inventoryQuery = pageQuery
  .extend(inventoryFilterQuery.shape)
  .extend({ sort: z.enum(INVENTORY_SORTS).default('site'), dir: direction });

/** The service's filter from parsed query parameters. */
export function inventoryFilter(query: InventoryFilterQuery): InventoryFilter {
  const { owned, ...rest } = query;
  return { ...rest, owned: owned === undefined ? undefined : owned === 'yes' };
}

export const agentQuery = pageQuery.extend({
  siteId: idSchema.optional(),
  state: z.enum(AGENT_STATES).optional(),
  version: z.string().max(128).optional(),
  sort: z.enum(AGENT_SORTS).default('site'),
  dir: direction,
});

const fingerprint = z.string().regex(/^[0-9a-f]{64}$/, 'must be a configuration fingerprint');

/** Two configurations of an asset to compare. */
export const diffQuery = z.object({ from: fingerprint.optional(), to: fingerprint.optional() });
