/**
 * The demo's browser-facing requests: the session cookie's flags (Secure
 * behind TLS, from a trusted proxy or the config flag), no token in any body,
 * cross-origin writes refused (CSRF), and none of it while the demo is off.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoConfig } from '../../server/config/types.js';
import { makeConfig } from '../helpers/config.js';
import { createDoc, demoFetch, signIn } from '../helpers/demo.js';
import { closeAllServers, startServer, type TestServer } from '../helpers/server.js';

afterEach(closeAllServers);

const withDemo = (demo: Partial<DemoConfig>) => startServer({ demo: { ...makeConfig().demo, ...demo } });

async function signInWith(server: TestServer, headers: Record<string, string>): Promise<{ status: number; cookie: string; body: string }> {
  const response = await demoFetch(server, 'POST', '/demo/session', { body: { name: 'Ana', color: '#d64545' }, headers });
  return { status: response.status, cookie: response.headers.get('set-cookie') ?? '', body: await response.text() };
}

/** GET with the path exactly as given. */
function rawStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Lax, not Secure over plain HTTP, and its value is in no body', async () => {
    const server = await startServer();
    const { cookie, body } = await signInWith(server, {});
    expect(cookie).toMatch(/^chorus_user=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const value = cookie.split(';')[0]!.split('=')[1]!;
    expect(body).not.toContain(value.split('.')[1]);
    expect(JSON.parse(body)).toEqual({ user: { id: expect.any(String), name: 'Ana', color: '#d64545' } });
    const me = await demoFetch(server, 'GET', '/demo/session', { cookie: cookie.split(';')[0] });
    expect(await me.text()).not.toContain(value.split('.')[1]);
  });

  it('is not needed to ask who is signed in: a signed-out visit is answered 200 with no user', async () => {
    const server = await startServer();
    const response = await demoFetch(server, 'GET', '/demo/session');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: null });
    const forged = await demoFetch(server, 'GET', '/demo/session', { cookie: 'chorus_user=eyJ1c2VyIjp7fX0.AAAA' });
    expect(await forged.json()).toEqual({ user: null });
  });

  it('is Secure when a trusted proxy says the request came over HTTPS, and only then', async () => {
    const proxied = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'docs.example.com', origin: 'https://docs.example.com' };
    const trusting = await withDemo({ trustedProxies: ['127.0.0.1', '::1'] });
    const behindTls = await signInWith(trusting, proxied);
    expect(behindTls.status).toBe(200);
    expect(behindTls.cookie).toContain('; Secure');
    // The same headers from a peer that is not a trusted proxy prove nothing (and the origin is then not this site's).
    const untrusting = await startServer();
    expect((await signInWith(untrusting, { 'x-forwarded-proto': 'https' })).cookie).not.toContain('Secure');
    expect((await signInWith(untrusting, proxied)).status).toBe(403);
  });

  it('is always Secure with CHORUS_COOKIE_SECURE, sign-out included', async () => {
    const server = await withDemo({ secureCookies: true });
    const { cookie } = await signInWith(server, {});
    expect(cookie).toContain('; Secure');
    const out = await demoFetch(server, 'DELETE', '/demo/session', { cookie: cookie.split(';')[0] });
    expect(out.headers.get('set-cookie')).toMatch(/^chorus_user=; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=0$/);
  });
});

describe('cross-origin requests to the demo', () => {
  it('are refused for every state-changing route, and change nothing', async () => {
    const server = await startServer();
    const ana = await signIn(server, 'Ana');
    const docId = await createDoc(server, ana);
    const evil = { origin: 'https://evil.example' };
    for (const [method, path] of [
      ['POST', '/demo/session'], ['DELETE', '/demo/session'], ['POST', '/demo/documents'], ['PATCH', `/demo/documents/${docId}`],
      ['POST', `/demo/documents/${docId}/access`], ['POST', `/demo/documents/${docId}/share`], ['DELETE', `/demo/documents/${docId}/share`],
      ['POST', '/broadcasting/auth'],
    ] as const) {
      const response = await demoFetch(server, method, path, { cookie: ana.cookie, headers: evil, body: { title: 'Hijacked', name: 'Eve', color: '#000000' } });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(((await response.json()) as { error: string }).error).toMatch(/^Cross-origin request refused/);
    }
    // A page on another port of the same host is another origin too.
    const otherPort = { origin: `http://127.0.0.1:${server.port + 1}` };
    expect((await demoFetch(server, 'POST', '/demo/documents', { cookie: ana.cookie, headers: otherPort })).status).toBe(403);
    const list = (await (await demoFetch(server, 'GET', '/demo/documents', { cookie: ana.cookie })).json()) as { documents: { title: string }[] };
    expect(list.documents.map((d) => d.title)).toEqual(['Notes']);
    const links = await demoFetch(server, 'POST', `/demo/documents/${docId}/share`, { cookie: ana.cookie });
    expect(links.status).toBe(200);
  });

  it('are refused when the browser says cross-site without an Origin, and allowed for a program that sends neither', async () => {
    const server = await startServer();
    const ana = await signIn(server, 'Ana');
    const crossSite = await fetch(`${server.httpUrl}/demo/documents`, { method: 'POST', headers: { cookie: ana.cookie, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: string }).error).toBe('Cross-site request refused');
    const program = await fetch(`${server.httpUrl}/demo/documents`, { method: 'POST', headers: { cookie: ana.cookie } });
    expect(program.status).toBe(201);
  });
});

describe('with the demo off', () => {
  it('answers 404 for sign-in, the documents, share links and /broadcasting/auth, and serves only the embeddable editor', async () => {
    const clientDir = mkdtempSync(join(tmpdir(), 'chorus-client-'));
    mkdirSync(join(clientDir, 'embed'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(join(clientDir, 'embed', 'chorus-editor.js'), 'export {};');
    const server = await startServer({ demo: { ...makeConfig().demo, enabled: false } }, {}, { clientDir });
    for (const [method, path] of [
      ['GET', '/demo/config'], ['POST', '/demo/session'], ['GET', '/demo/documents'], ['POST', '/demo/documents'],
      ['POST', '/demo/documents/x/share'], ['POST', '/broadcasting/auth'], ['GET', '/'], ['GET', '/index.html'],
    ] as const) {
      expect((await demoFetch(server, method, path, method === 'GET' ? {} : { body: {} })).status, `${method} ${path}`).toBe(404);
    }
    const embed = await fetch(`${server.httpUrl}/embed/chorus-editor.js`);
    expect(embed.status).toBe(200);
    expect(await embed.text()).toBe('export {};');
    // Sent as written (fetch would resolve the dots itself): no way out of /embed/.
    for (const path of ['/embed/../index.html', '/embed/%2e%2e/index.html']) expect(await rawStatus(server.port, path), path).toBe(404);
  });
});
