/** Per-test lifecycles that many test files share. */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startAuthServer, type AuthServer } from './auth-server.js';
import { launchChromium } from './browser.js';
import { disconnectAll } from './clients.js';
import { closeAllServers, startServer, type TestServer } from './server.js';

/** A fresh node and its stand-in /broadcasting/auth for each test; clients and servers are closed after it. */
export function useServerAndAuth(receive: (server: TestServer, auth: AuthServer) => void): void {
  let auth: AuthServer | undefined;
  beforeEach(async () => {
    const server = await startServer();
    auth = await startAuthServer(server);
    receive(server, auth);
  });
  afterEach(async () => {
    disconnectAll();
    await auth?.close();
    await closeAllServers();
  });
}

/** One Chromium for the file; every test's contexts and servers are closed after it. */
export function useBrowser(receive: (browser: Browser) => void): void {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    receive(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    // A context whose last page a test closed may already be gone.
    for (const context of browser?.contexts() ?? []) await context.close().catch(() => undefined);
    await closeAllServers();
  });
}
