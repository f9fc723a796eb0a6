export { agents } from './agents.ts';
export { assetVersions } from './asset-versions.ts';
export { assets } from './assets.ts';
export { configVersions } from './config-versions.ts';
export { driftEvents } from './drift-events.ts';
export { ingestedMessages } from './ingested-messages.ts';
export { sites } from './sites.ts';
