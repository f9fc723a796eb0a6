import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { sanitizeDeviceString } from '@plantwatch/protocol';
import { PlantwatchError } from '@plantwatch/shared';

/**
 * The trust workflow on the agent's OPC UA PKI folder, for `plantwatch-agent opcua certificates` and
 * `plantwatch-agent opcua trust <thumbprint>`. The layout is node-opcua's: the server certificates
 * the agent refused wait in `rejected/` until a technician moves one to `trusted/certs/`; the agent's
 * own certificate (which the PLC side must trust for Sign and SignAndEncrypt) is in `own/certs/`.
 * Plain files and node:crypto only, so these commands never load the OPC UA library, and a trust
 * takes effect at the target's next poll (every poll reads the folders afresh).
 */
export const PKI_FOLDERS = {
  rejected: 'rejected',
  trusted: path.join('trusted', 'certs'),
  own: path.join('own', 'certs'),
} as const;
export type CertificateStatus = keyof typeof PKI_FOLDERS;

export interface OpcuaCertificateInfo {
  status: CertificateStatus;
  /** SHA-1 of the DER certificate, lower-case hex: the OPC UA thumbprint. */
  thumbprint: string;
  commonName: string;
  applicationUri: string | undefined;
  validTo: string;
  file: string;
}

export async function listOpcuaCertificates(pkiDir: string): Promise<OpcuaCertificateInfo[]> {
  const all: OpcuaCertificateInfo[] = [];
  for (const status of Object.keys(PKI_FOLDERS) as CertificateStatus[]) {
    all.push(...(await certificatesIn(pkiDir, status)));
  }
  return all;
}

/**
 * Moves a rejected server certificate to trusted/. `thumbprint` may carry colons or spaces and be
 * any unique prefix of at least 8 hex digits. Trusting a trusted certificate changes nothing.
 */
export async function trustOpcuaCertificate(
  pkiDir: string,
  thumbprint: string,
): Promise<OpcuaCertificateInfo> {
  const wanted = thumbprint.replace(/[\s:]/g, '').toLowerCase();
  if (!/^[0-9a-f]{8,40}$/.test(wanted)) {
    throw new PlantwatchError(
      'invalid_argument',
      `"${thumbprint}" is not a certificate thumbprint (8 to 40 hex digits)`,
    );
  }
  const matches = (await listOpcuaCertificates(pkiDir)).filter(
    (cert) => cert.status !== 'own' && cert.thumbprint.startsWith(wanted),
  );
  const found = new Map(matches.map((cert) => [cert.thumbprint, cert]));
  if (found.size === 0) {
    throw new PlantwatchError(
      'not_found',
      `no rejected certificate ${wanted} in ${path.join(pkiDir, PKI_FOLDERS.rejected)}; the agent puts a server's certificate there when it refuses it (list them with: plantwatch-agent opcua certificates)`,
    );
  }
  if (found.size > 1) {
    throw new PlantwatchError('conflict', `${wanted} matches ${found.size} certificates; give more digits`);
  }
  const trusted = matches.find((cert) => cert.status === 'trusted');
  if (trusted) return trusted;
  const [rejected] = matches;
  if (!rejected) throw new Error('unreachable: a match is either trusted or rejected');
  const destination = path.join(pkiDir, PKI_FOLDERS.trusted, path.basename(rejected.file));
  await mkdir(path.dirname(destination), { recursive: true });
  await rename(rejected.file, destination);
  return { ...rejected, status: 'trusted', file: destination };
}

/** A fixed-width listing for the CLI. */
export function formatOpcuaCertificates(certificates: readonly OpcuaCertificateInfo[]): string {
  if (certificates.length === 0)
    return 'no certificates yet: the agent makes its own at its first OPC UA poll\n';
  return certificates
    .map((cert) =>
      [
        cert.status.padEnd(8),
        cert.thumbprint,
        cert.validTo.slice(0, 10),
        cert.commonName,
        cert.applicationUri ?? '',
      ]
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

async function certificatesIn(pkiDir: string, status: CertificateStatus): Promise<OpcuaCertificateInfo[]> {
  const folder = path.join(pkiDir, PKI_FOLDERS[status]);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const certificates: OpcuaCertificateInfo[] = [];
  for (const name of names.filter((n) => /\.(pem|der|crt)$/i.test(n)).sort()) {
    const file = path.join(folder, name);
    const certificate = parseCertificate(await readFile(file));
    // A file that is not a certificate (a stray key, a half-written file) is not listed.
    if (!certificate) continue;
    certificates.push({
      status,
      thumbprint: createHash('sha1').update(certificate.raw).digest('hex'),
      commonName: sanitizeDeviceString(/(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1] ?? ''),
      applicationUri: uriOf(certificate),
      validTo: new Date(certificate.validTo).toISOString(),
      file,
    });
  }
  return certificates;
}

function parseCertificate(content: Buffer): X509Certificate | undefined {
  try {
    // A PEM chain (node-opcua writes the whole chain) yields its first, leaf certificate.
    return new X509Certificate(content);
  } catch {
    return undefined;
  }
}

function uriOf(certificate: X509Certificate): string | undefined {
  const uri = /URI:([^,]+)/.exec(certificate.subjectAltName ?? '')?.[1];
  return uri === undefined ? undefined : sanitizeDeviceString(uri);
}
