/**
 * TLS straight from Chorus (wss:// and https://), configured like Reverb's
 * `options.tls` in config/reverb.php, whose PHP stream options name the files:
 * REVERB_TLS_LOCAL_CERT (`local_cert`: the certificate chain in PEM, which may
 * hold the private key too), REVERB_TLS_LOCAL_PK (`local_pk`: the key, when it
 * is a separate file) and REVERB_TLS_PASSPHRASE (`passphrase`: the key's).
 * Problems name the variables and files, never the key or the passphrase.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { EnvReader } from './parse.js';
import type { TlsConfig } from './types.js';

export function readTlsConfig(read: EnvReader): TlsConfig | null {
  const certPath = read.raw('REVERB_TLS_LOCAL_CERT');
  const keyPath = read.raw('REVERB_TLS_LOCAL_PK');
  const passphrase = read.raw('REVERB_TLS_PASSPHRASE');
  if (certPath === undefined) {
    if (keyPath !== undefined || passphrase !== undefined) read.problems.push('REVERB_TLS_LOCAL_PK and REVERB_TLS_PASSPHRASE need REVERB_TLS_LOCAL_CERT, the certificate');
    return null;
  }
  const cert = readPem(read, 'REVERB_TLS_LOCAL_CERT', certPath);
  const key = keyPath === undefined ? cert : readPem(read, 'REVERB_TLS_LOCAL_PK', keyPath);
  if (cert === undefined || key === undefined) return null;
  const tls: TlsConfig = passphrase === undefined ? { cert, key } : { cert, key, passphrase };
  try {
    createSecureContext(tls);
  } catch (error) {
    const hint = passphrase !== undefined && /bad decrypt/.test((error as Error).message) ? ' (is REVERB_TLS_PASSPHRASE right?)' : '';
    read.problems.push(`REVERB_TLS_LOCAL_CERT=${certPath}${keyPath === undefined ? '' : ` with REVERB_TLS_LOCAL_PK=${keyPath}`} cannot be used: ${(error as Error).message}${hint}`);
    return null;
  }
  return tls;
}

function readPem(read: EnvReader, name: string, path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    read.problems.push(`${name}=${path} cannot be read (${(error as Error).message})`);
    return undefined;
  }
}
