/// <reference path="./node-forge.d.ts" />
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { PlantwatchError } from '@plantwatch/shared';
import forge from 'node-forge';

/**
 * The console's own certificate authority, for an embedded broker without a certificate from the
 * user. Made at first start in `<dataDir>/tls/`:
 *
 *   ca.pem           the CA certificate; enrollment hands it to every agent (their ca.pem)
 *   ca-key.pem       its private key, mode 0600; it only ever signs the broker's certificate
 *   broker.pem       the broker's certificate, signed by the CA, for the names agents use
 *   broker-key.pem   its private key, mode 0600
 *
 * The CA lives ten years and is never replaced by the console: enrolled agents trust it. The
 * broker's certificate is issued again at start-up when it no longer covers every name, expires
 * within 30 days, or was not signed by this CA; agents do not notice, since they trust the CA.
 */
export const LOCAL_CA_FILES = {
  caCert: 'ca.pem',
  caKey: 'ca-key.pem',
  cert: 'broker.pem',
  key: 'broker-key.pem',
} as const;

export interface LocalCaResult {
  cert: string;
  key: string;
  caCertificate: string;
  /** What this start had to make: nothing, a new broker certificate, or the CA and certificate. */
  issued: 'none' | 'certificate' | 'ca';
}

const DAY_MS = 86_400_000;
const CA_VALIDITY_DAYS = 3_650;
const CERT_VALIDITY_DAYS = 730;
const RENEW_BEFORE_DAYS = 30;

export function ensureLocalCa(dir: string, hostnames: readonly string[], now = new Date()): LocalCaResult {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: keyof typeof LOCAL_CA_FILES) => path.join(dir, LOCAL_CA_FILES[name]);
  let issued: LocalCaResult['issued'] = 'none';
  const hasCa = [file('caCert'), file('caKey')].map((name) => existsSync(name));
  if (hasCa[0] !== hasCa[1]) {
    // Making a new CA here would silently cut off every enrolled agent: a person must decide.
    throw new PlantwatchError(
      'invalid_config',
      `${dir} holds only one of ${LOCAL_CA_FILES.caCert} and ${LOCAL_CA_FILES.caKey}: restore the other, or remove both to make a new CA (every agent must then be enrolled again)`,
    );
  }
  if (!hasCa[0]) {
    const ca = createCa(now);
    writeSecret(file('caKey'), ca.key);
    writePublic(file('caCert'), ca.cert);
    issued = 'ca';
  }
  const caCertificate = readFileSync(file('caCert'), 'utf8');
  const caKey = readFileSync(file('caKey'), 'utf8');
  if (issued === 'ca' || !usableCertificate(file('cert'), file('key'), caCertificate, hostnames, now)) {
    const leaf = issueCertificate(caCertificate, caKey, hostnames, now);
    writeSecret(file('key'), leaf.key);
    writePublic(file('cert'), leaf.cert);
    if (issued === 'none') issued = 'certificate';
  }
  return {
    cert: readFileSync(file('cert'), 'utf8'),
    key: readFileSync(file('key'), 'utf8'),
    caCertificate,
    issued,
  };
}

/** True when `certificate` names `host` (a DNS name or an IP address) as one of its subjects. */
export function certificateCovers(certificate: X509Certificate, host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return isIP(bare) ? certificate.checkIP(bare) !== undefined : certificate.checkHost(bare) !== undefined;
}

function usableCertificate(
  certFile: string,
  keyFile: string,
  caPem: string,
  hostnames: readonly string[],
  now: Date,
): boolean {
  if (!existsSync(certFile) || !existsSync(keyFile)) return false;
  try {
    const certificate = new X509Certificate(readFileSync(certFile));
    const ca = new X509Certificate(caPem);
    return (
      certificate.checkIssued(ca) &&
      certificate.verify(ca.publicKey) &&
      new Date(certificate.validTo).getTime() - now.getTime() > RENEW_BEFORE_DAYS * DAY_MS &&
      hostnames.every((host) => certificateCovers(certificate, host))
    );
  } catch {
    return false;
  }
}

function rsaKeys(modulusLength: number) {
  const pair = generateKeyPairSync('rsa', { modulusLength });
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // node-forge reads PKCS#1 and PKCS#8 PEM alike; Node's TLS reads the PKCS#8 file.
  return {
    publicKey: forge.pki.publicKeyFromPem(publicPem),
    privateKey: forge.pki.privateKeyFromPem(privatePem),
    privatePem,
  };
}

/** A positive 128-bit serial number (RFC 5280 allows up to 20 octets; the top bit must be 0). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function createCa(now: Date) {
  // RSA, not ECDSA: node-forge signs X.509 with RSA only. 3072 bits for a ten-year CA.
  const keys = rsaKeys(3_072);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = serialNumber();
  certificate.validity.notBefore = new Date(now.getTime() - DAY_MS);
  certificate.validity.notAfter = new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS);
  // A name unique to this install: two consoles' CAs are told apart in a trust store or a log.
  const subject = [
    { name: 'organizationName', value: 'Plantwatch' },
    { name: 'commonName', value: `Plantwatch local CA ${randomBytes(4).toString('hex')}` },
  ];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    // pathLen 0: this CA signs end-entity certificates only, never another CA.
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(certificate), key: keys.privatePem };
}

function issueCertificate(caPem: string, caKeyPem: string, hostnames: readonly string[], now: Date) {
  const ca = forge.pki.certificateFromPem(caPem);
  const keys = rsaKeys(2_048);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = serialNumber();
  certificate.validity.notBefore = new Date(now.getTime() - DAY_MS);
  certificate.validity.notAfter = new Date(now.getTime() + CERT_VALIDITY_DAYS * DAY_MS);
  certificate.setSubject([{ name: 'commonName', value: (hostnames[0] ?? 'plantwatch-broker').slice(0, 64) }]);
  certificate.setIssuer(ca.subject.attributes);
  const altNames = hostnames.map((host) => {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    return isIP(bare) ? { type: 7, ip: bare } : { type: 2, value: bare };
  });
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  certificate.sign(forge.pki.privateKeyFromPem(caKeyPem), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(certificate), key: keys.privatePem };
}

/** Written under a temporary name with its final mode, then renamed: never half a key on disk. */
function writeSecret(file: string, data: string): void {
  writeAtomically(file, data, 0o600);
}
function writePublic(file: string, data: string): void {
  writeAtomically(file, data, 0o644);
}
function writeAtomically(file: string, data: string, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, data, { mode, flag: 'wx' });
  renameSync(temporary, file);
}
