/**
 * The console views a fleet at scale must keep fast, as HTTP requests. Each takes a request
 * number so that repeated requests rotate over sites and searches instead of hitting one cached
 * answer (SQLite's page cache still helps, as it would for a console in use).
 */
export interface ViewRequest {
  name: string;
  path(i: number): string;
}

const SEARCHES = [
  'vendor=Siemens&q=1500',
  'vendor=Schneider&q=M580',
  'vendor=WAGO',
  'q=press01',
  'vendor=Moxa&q=EDS',
];

export function viewRequests(sites: number): ViewRequest[] {
  const site = (i: number) => `site-${String(1 + ((i * 37) % sites)).padStart(3, '0')}`;
  const search = (i: number) => SEARCHES[i % SEARCHES.length] as string;
  return [
    { name: 'fleet overview page /', path: () => '/' },
    { name: 'site page /sites/:siteId', path: (i) => `/sites/${site(i)}` },
    { name: 'inventory search API /api/v1/assets?vendor=&q=', path: (i) => `/api/v1/assets?${search(i)}` },
    { name: 'inventory search page /inventory?vendor=&q=', path: (i) => `/inventory?${search(i)}` },
    { name: 'drift inbox page /drift', path: () => '/drift' },
    {
      name: 'open drift API /api/v1/drift-records?state=open',
      path: () => '/api/v1/drift-records?state=open',
    },
  ];
}

/** The trivial request every view pays for too: routing, authentication, JSON. */
export const HEALTH: ViewRequest = { name: 'health /api/v1/health', path: () => '/api/v1/health' };
