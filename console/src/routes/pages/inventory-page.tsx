/** @jsxImportSource hono/jsx */
import { protocolNameSchema } from '@plantwatch/protocol';
import { Hono } from 'hono';
import type { z } from 'zod';
import type { ConsoleServices } from '../../services/index.ts';
import {
  ASSET_CLASSES,
  type InventoryRow,
  type InventorySort,
  type Page,
  type SortDirection,
} from '../../services/views.ts';
import { parseQuery } from '../api/params.ts';
import { inventoryFilter, inventoryQuery } from '../api/view-params.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { EmptyState, Pager, SortHeader, Time } from './components.tsx';
import { assetPath, hrefWith, sitePath } from './format.ts';
import { Layout } from './layout.tsx';

type InventoryQuery = z.output<typeof inventoryQuery>;

export function createInventoryPage(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => {
    const query = parseQuery(c, inventoryQuery);
    const { limit, offset, sort, dir, ...filter } = query;
    const assets = services.inventory.list(scopeOf(c), inventoryFilter(filter), { limit, offset, sort, dir });
    return c.html(<InventoryPage query={query} assets={assets} />);
  });
}

function InventoryPage({ query, assets }: { query: InventoryQuery; assets: Page<InventoryRow> }) {
  const { limit, offset, sort, dir, ...filter } = query;
  const href = (changes: Record<string, string | number | undefined>) =>
    hrefWith('/inventory', { ...filter, sort, dir, limit, ...changes });
  const sortHref = (key: InventorySort, direction: SortDirection) => href({ sort: key, dir: direction });
  const header = (label: string, key: InventorySort) => (
    <SortHeader label={label} sortKey={key} sort={sort} dir={dir} href={sortHref} />
  );
  return (
    <Layout title="Inventory" nav="inventory">
      <h1>Inventory</h1>
      <FilterForm query={query} />
      <p class="muted">
        Text filters match anywhere in a field, in any case; a search for asset, address or serial needs 3
        characters or more to be quick on a large fleet. {assets.total} assets match. Export these:{' '}
        <a href={hrefWith('/api/v1/export/inventory.csv', filter)}>CSV</a> ·{' '}
        <a href={hrefWith('/api/v1/export/inventory.json', filter)}>JSON</a>
      </p>
      {assets.total === 0 ? (
        <EmptyState>No asset matches this search. Clear a filter to widen it.</EmptyState>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                {header('Site', 'site')}
                {header('Asset', 'asset')}
                {header('Type', 'class')}
                {header('Protocol', 'protocol')}
                {header('Address', 'host')}
                {header('Vendor', 'vendor')}
                {header('Model', 'model')}
                {header('Firmware', 'firmware')}
                {header('Owner', 'owner')}
                {header('Last poll', 'lastPoll')}
              </tr>
            </thead>
            <tbody>
              {assets.items.map((asset) => (
                <tr>
                  <td class="name">
                    <a href={sitePath(asset.siteId)}>{asset.siteId}</a>
                  </td>
                  <td class="name">
                    <a href={assetPath(asset.siteId, asset.assetId)}>{asset.assetId}</a>
                  </td>
                  <td>{asset.assetClass}</td>
                  <td>{asset.protocol}</td>
                  <td class="name">
                    {asset.host}:{asset.port}
                    {asset.unitId === null ? '' : ` #${asset.unitId}`}
                  </td>
                  <td class="name">{asset.vendor ?? '—'}</td>
                  <td class="name">{asset.model ?? '—'}</td>
                  <td class="name">{asset.firmware ?? '—'}</td>
                  <td class="name">
                    {asset.owner ?? <span class="alert">none</span>}
                    {asset.purpose === null ? null : <span class="muted"> · {asset.purpose}</span>}
                  </td>
                  <td>
                    <Time iso={asset.lastPollAt} />
                    {asset.pollOk ? null : <span class="badge bad">failed</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager total={assets.total} limit={limit} offset={offset} href={(next) => href({ offset: next })} />
    </Layout>
  );
}

/** A GET form: the search is in the URL, so it can be bookmarked, shared and exported. */
function FilterForm({ query }: { query: InventoryQuery }) {
  const text = (
    name: 'q' | 'siteId' | 'vendor' | 'model' | 'firmware' | 'owner',
    label: string,
    size = 12,
  ) => (
    <label>
      {label} <input name={name} value={query[name] ?? ''} maxlength={200} size={size} />
    </label>
  );
  return (
    <form method="get" action="/inventory" class="filter">
      {text('q', 'Search', 18)}
      {text('siteId', 'Site')}
      {text('vendor', 'Vendor')}
      {text('model', 'Model')}
      {text('firmware', 'Firmware', 8)}
      <label>
        Protocol{' '}
        <select name="protocol">
          <option value="">any</option>
          {protocolNameSchema.options.map((protocol) => (
            <option value={protocol} selected={protocol === query.protocol}>
              {protocol}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type{' '}
        <select name="class">
          <option value="">any</option>
          {ASSET_CLASSES.map((assetClass) => (
            <option value={assetClass} selected={assetClass === query.class}>
              {assetClass}
            </option>
          ))}
        </select>
      </label>
      {text('owner', 'Owner')}
      <label>
        Owned{' '}
        <select name="owned">
          <option value="">either</option>
          <option value="yes" selected={query.owned === 'yes'}>
            with an owner
          </option>
          <option value="no" selected={query.owned === 'no'}>
            without (gaps)
          </option>
        </select>
      </label>
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <button type="submit">Search</button>
      <a href="/inventory">Clear</a>
    </form>
  );
}
