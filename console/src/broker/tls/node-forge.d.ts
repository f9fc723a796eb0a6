/**
 * The small part of node-forge 1.4 the console uses to make its local CA and the broker's
 * certificate (see local-ca.ts). node-forge ships no types; these are written against its
 * lib/x509.js and lib/pki.js rather than pulling in a second dependency.
 */
declare module 'node-forge' {
  namespace forge {
    namespace pki {
      interface PublicKey {
        readonly n: unknown;
      }
      interface PrivateKey {
        readonly d: unknown;
      }
      interface CertificateField {
        name?: string;
        shortName?: string;
        value: string;
      }
      interface Certificate {
        serialNumber: string;
        publicKey: PublicKey;
        validity: { notBefore: Date; notAfter: Date };
        readonly subject: { attributes: CertificateField[] };
        setSubject(attributes: CertificateField[]): void;
        setIssuer(attributes: CertificateField[]): void;
        setExtensions(extensions: Record<string, unknown>[]): void;
        sign(key: PrivateKey, digest: md.MessageDigest): void;
        generateSubjectKeyIdentifier(): { getBytes(): string };
      }
      function createCertificate(): Certificate;
      function certificateToPem(certificate: Certificate): string;
      function certificateFromPem(pem: string): Certificate;
      function publicKeyFromPem(pem: string): PublicKey;
      function privateKeyFromPem(pem: string): PrivateKey;
    }
    namespace md {
      interface MessageDigest {
        readonly algorithm: string;
      }
      namespace sha256 {
        function create(): MessageDigest;
      }
    }
  }
  export = forge;
}
