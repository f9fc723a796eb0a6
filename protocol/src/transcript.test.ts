import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.ts';
import { buildTranscript, transcriptDigest } from './transcript.ts';

describe('transcript', () => {
  it('digests the ordered request list: order matters', () => {
    const a = transcriptDigest(['FC 3 holding 100 x10', 'FC 4 input 0 x10']);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(transcriptDigest(['FC 4 input 0 x10', 'FC 3 holding 100 x10'])).not.toBe(a);
    expect(transcriptDigest(['FC 3 holding 100 x10', 'FC 4 input 0 x10'])).toBe(a);
  });

  it('cuts a long list for transport but digests all of it', () => {
    const requests = Array.from({ length: LIMITS.transcriptRequests + 5 }, (_, i) => `GetBulk ${i}`);
    const transcript = buildTranscript(requests);
    expect(transcript.requests).toHaveLength(LIMITS.transcriptRequests);
    expect(transcript.truncated).toBe(true);
    expect(transcript.digest).toBe(transcriptDigest(requests));
    expect(buildTranscript(requests.slice(0, 3)).truncated).toBe(false);
  });
});
