import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OPCUACertificateManager } from 'node-opcua';

export interface OpcuaUserCertificate {
  /** PEM certificate and PEM private key (PKCS#8), as a user identity in an agent config. */
  certificateFile: string;
  privateKeyFile: string;
  /** SHA-1 of the DER certificate, lower-case hex. */
  thumbprint: string;
}

/**
 * A self-signed certificate for the X.509 user identity, made in `dir` (a PKI folder of its own).
 * The simulator accepts any user certificate unless started with `trustClientCertificates: false`.
 */
export async function createOpcuaUserCertificate(
  dir: string,
  commonName = 'plantwatch-test-user',
): Promise<OpcuaUserCertificate> {
  const manager = new OPCUACertificateManager({ rootFolder: dir });
  await manager.initialize();
  const certificateFile = path.join(dir, 'own', 'certs', 'user-certificate.pem');
  try {
    await manager.createSelfSignedCertificate({
      outputFile: certificateFile,
      subject: `/CN=${commonName}`,
      applicationUri: `urn:plantwatch:user:${commonName}`,
      dns: [],
      startDate: new Date(Date.now() - 60_000),
      validity: 30,
    });
  } finally {
    await manager.dispose();
  }
  const pem = await readFile(certificateFile, 'utf8');
  return {
    certificateFile,
    privateKeyFile: manager.privateKey,
    thumbprint: createHash('sha1').update(new X509Certificate(pem).raw).digest('hex'),
  };
}
