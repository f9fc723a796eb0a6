import { canonicalJson, sha256Hex } from '@plantwatch/shared/canonical-json';
import { LIMITS } from './limits.ts';
import type { Transcript } from './messages.ts';

/** SHA-256 over the canonical JSON of the ordered request list: equal requests, equal digest. */
export function transcriptDigest(requests: readonly string[]): string {
  return sha256Hex(canonicalJson(requests));
}

/** The transcript of a poll as it goes on the wire: digest of all requests, list cut to the limit. */
export function buildTranscript(requests: readonly string[]): Transcript {
  const entries = requests.map((request) => request.slice(0, LIMITS.transcriptEntry));
  return {
    digest: transcriptDigest(entries),
    requests: entries.slice(0, LIMITS.transcriptRequests),
    truncated: entries.length > LIMITS.transcriptRequests,
  };
}
