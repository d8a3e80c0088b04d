/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl in a fresh folder. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  readonly dir: string;
  readonly certPath: string;
  readonly keyPath: string;
  /** Certificate and key in one PEM file (what PHP's local_cert may hold alone). */
  readonly combinedPath: string;
  /** The key encrypted with `passphrase`. */
  readonly encryptedKeyPath: string;
  readonly passphrase: string;
  /** The certificate's PEM, which a client trusts as its own CA. */
  readonly pem: string;
}

export function makeCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const openssl = (args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe' });
  openssl([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyPath, '-out', certPath,
  ]);
  const passphrase = 'test-passphrase-never-printed';
  const encryptedKeyPath = join(dir, 'key-encrypted.pem');
  openssl(['pkey', '-in', keyPath, '-aes256', '-passout', `pass:${passphrase}`, '-out', encryptedKeyPath]);
  const pem = readFileSync(certPath, 'utf8');
  const combinedPath = join(dir, 'combined.pem');
  writeFileSync(combinedPath, pem + readFileSync(keyPath, 'utf8'));
  return { dir, certPath, keyPath, combinedPath, encryptedKeyPath, passphrase, pem };
}
