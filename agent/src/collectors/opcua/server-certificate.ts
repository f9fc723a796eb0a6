import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PlantwatchError } from '@plantwatch/shared';
import { untrustedServerCertificate } from './errors.ts';

/** The part of node-opcua's certificate manager the trust check uses. */
export interface CertificateChecker {
  /** Good, or why not; an unknown certificate is written to rejected/ and is BadCertificateUntrusted. */
  checkCertificate(certificate: Buffer): Promise<{ name: string }>;
}

/**
 * Checks the server's certificate against the agent's PKI before anything is sent with it. Unknown
 * certificates land in rejected/ (node-opcua's layout), where `opcua trust` finds them.
 */
export async function checkServerCertificate(
  certificates: CertificateChecker,
  certificate: Buffer | undefined,
  endpointUrl: string,
  pkiDir: string,
): Promise<void> {
  if (!certificate || certificate.length === 0) {
    throw new PlantwatchError('device_error', `the server at ${endpointUrl} sent no certificate`);
  }
  const status = await certificates.checkCertificate(certificate);
  if (status.name === 'Good') return;
  const leaf = parse(certificate);
  throw untrustedServerCertificate({
    endpointUrl,
    pkiDir,
    status: status.name,
    thumbprint: sha1(leaf?.raw ?? certificate),
    commonName: /(?:^|\n)CN=([^\n]*)/.exec(leaf?.subject ?? '')?.[1]?.slice(0, 64) ?? 'no common name',
  });
}

/**
 * A server that does not trust the agent's certificate just hangs up while the secure channel opens;
 * node-opcua then says the connection "may have been rejected". Say which certificate to trust.
 */
export function refusedByServer(error: unknown, certificateFile: string): PlantwatchError | undefined {
  const text = error instanceof Error ? error.message : String(error);
  if (!/rejected by server|disconnected by third party|BadSecurityChecksFailed|BadCertificate/i.test(text)) {
    return undefined;
  }
  let own = 'unknown';
  try {
    own = sha1(new X509Certificate(readFileSync(certificateFile)).raw);
  } catch {
    // No readable certificate: the thumbprint stays unknown, the advice holds.
  }
  return new PlantwatchError(
    'unavailable',
    `the server closed the secure channel; it probably does not trust the agent's certificate ${own} (${certificateFile}): trust it on the server`,
    { cause: error, details: { reason: 'agent_certificate_refused', agentThumbprint: own } },
  );
}

const sha1 = (der: Buffer) => createHash('sha1').update(der).digest('hex');

function parse(der: Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}
