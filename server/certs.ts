/**
 * The local endpoint's PKI, generated at start: a self-signed cluster CA, a serving certificate
 * for 127.0.0.1/localhost signed by it, and client certificates whose CN/O become the user and
 * groups, exactly as kube-apiserver's --client-ca-file authenticator reads them.
 *
 * Why @peculiar/x509: Node's crypto makes keys and parses certificates but cannot issue them.
 * The library is pure TypeScript over WebCrypto (no native code, no `openssl` binary to find on
 * the reader's machine), and ECDSA P-256 keys come from Node's own webcrypto in milliseconds,
 * where an RSA key in JavaScript (node-forge, `selfsigned`) takes seconds.
 */
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** PemPair is a certificate and its private key (PKCS#8), both PEM. */
export interface PemPair {
  cert: string;
  key: string;
}

/** CertificateAuthority can issue serving and client certificates. */
export interface CertificateAuthority extends PemPair {
  issueServing(names: { dns: string[]; ips: string[] }): Promise<PemPair>;
  issueClient(user: string, groups?: string[]): Promise<PemPair>;
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function privateKeyPem(keys: CryptoKeyPair): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as webcrypto.CryptoKey);
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

/** distinguishedName builds `CN=…, O=…, O=…`: one O per group, as Kubernetes reads them. */
function distinguishedName(commonName: string, organizations: string[] = []): x509.JsonName {
  return [{ CN: [commonName] }, ...organizations.map((o) => ({ O: [o] }))];
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
  // Back-dated an hour so a client whose clock is slightly behind still accepts it.
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + days * DAY_MS) };
}

/** createCertificateAuthority makes a fresh CA (valid 10 years) named like kubeadm's. */
export async function createCertificateAuthority(commonName = 'kubernetes'): Promise<CertificateAuthority> {
  const caKeys = await newKeys();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    name: distinguishedName(commonName),
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    ...validity(3650),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const issue = async (subject: x509.JsonName, usage: x509.ExtendedKeyUsage, more: x509.Extension[]): Promise<PemPair> => {
    const keys = await newKeys();
    const cert = await x509.X509CertificateGenerator.create({
      subject,
      issuer: caCert.subjectName,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: ALGORITHM,
      ...validity(365),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([usage]),
        await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
        ...more,
      ],
    });
    return { cert: cert.toString('pem'), key: await privateKeyPem(keys) };
  };

  return {
    cert: caCert.toString('pem'),
    key: await privateKeyPem(caKeys),
    issueServing: ({ dns, ips }) =>
      issue(distinguishedName('kube-apiserver'), x509.ExtendedKeyUsage.serverAuth, [
        new x509.SubjectAlternativeNameExtension([...dns.map((value) => ({ type: 'dns' as const, value })), ...ips.map((value) => ({ type: 'ip' as const, value }))]),
      ]),
    issueClient: (user, groups = []) => issue(distinguishedName(user, groups), x509.ExtendedKeyUsage.clientAuth, []),
  };
}
