import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PlantwatchError } from '@plantwatch/shared';
import { certificateCovers, ensureLocalCa, type LocalCaResult } from './local-ca.ts';

/** A certificate and key the operator supplies (`--mqtt-tls-cert`, `--mqtt-tls-key`). */
export interface BrokerTlsFiles {
  certFile: string;
  keyFile: string;
  /** The CA agents should trust (`--mqtt-tls-ca`); without it, agents use their system CAs. */
  caFile?: string | undefined;
}

export interface BrokerTls {
  cert: string;
  key: string;
  /** PEM handed to agents at enrollment; null when agents rely on their system CAs. */
  caCertificate: string | null;
  /** SHA-256 of the CA certificate, as `AB:CD:...`, for a technician to compare. */
  caFingerprint: string | null;
  source: 'files' | 'local-ca';
  issued: LocalCaResult['issued'];
}

/**
 * The broker's TLS identity: the operator's files when given, checked now rather than at the first
 * agent's handshake (key matches certificate, not expired, names the host agents use), or else
 * the console's local CA in `<dataDir>/tls` (see local-ca.ts).
 */
export function loadBrokerTls(options: {
  dataDir: string;
  files?: BrokerTlsFiles | undefined;
  /** Names the certificate must cover; the first is the one agents are told. */
  hostnames: readonly string[];
  now?: Date;
}): BrokerTls {
  const now = options.now ?? new Date();
  if (options.files === undefined) {
    const local = ensureLocalCa(path.join(options.dataDir, 'tls'), options.hostnames, now);
    return {
      cert: local.cert,
      key: local.key,
      caCertificate: local.caCertificate,
      caFingerprint: new X509Certificate(local.caCertificate).fingerprint256,
      source: 'local-ca',
      issued: local.issued,
    };
  }
  const { certFile, keyFile, caFile } = options.files;
  const cert = readPem(certFile, '--mqtt-tls-cert');
  const key = readPem(keyFile, '--mqtt-tls-key');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw invalid('--mqtt-tls-cert', `${certFile} holds no PEM certificate`, error);
  }
  let matches: boolean;
  try {
    matches = certificate.checkPrivateKey(createPrivateKey(key));
  } catch (error) {
    throw invalid('--mqtt-tls-key', `${keyFile} holds no usable private key`, error);
  }
  if (!matches) throw invalid('--mqtt-tls-key', `${keyFile} is not the key of the certificate ${certFile}`);
  if (new Date(certificate.validTo) <= now)
    throw invalid('--mqtt-tls-cert', `${certFile} expired on ${certificate.validTo}`);
  const agentHost = options.hostnames[0];
  if (agentHost !== undefined && !certificateCovers(certificate, agentHost)) {
    throw invalid(
      '--mqtt-tls-cert',
      `${certFile} does not name "${agentHost}", the host agents connect to (its names: ${certificate.subjectAltName ?? certificate.subject}); agents would refuse it. Set --mqtt-public-url to a name it covers`,
    );
  }
  let caCertificate: string | null = null;
  let caFingerprint: string | null = null;
  if (caFile !== undefined) {
    caCertificate = readPem(caFile, '--mqtt-tls-ca');
    try {
      caFingerprint = new X509Certificate(caCertificate).fingerprint256;
    } catch (error) {
      throw invalid('--mqtt-tls-ca', `${caFile} holds no PEM certificate`, error);
    }
  }
  return { cert, key, caCertificate, caFingerprint, source: 'files', issued: 'none' };
}

function readPem(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw invalid(option, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, error);
  }
}

function invalid(option: string, message: string, cause?: unknown): PlantwatchError {
  return new PlantwatchError(
    'invalid_config',
    `${option}: ${message}`,
    cause === undefined ? undefined : { cause },
  );
}
