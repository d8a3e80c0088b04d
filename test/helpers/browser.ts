/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser),
 * against a real Chorus node serving the built client.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CLIENT_DIR = fileURLToPath(new URL('../../dist/client', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts', import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

/** A person in their own browser context (own cookies and IndexedDB), signed in through the demo's form. */
export async function person(browser: Browser, baseUrl: string, name: string, color: string, viewport = { width: 1100, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[${name}] page error: ${error.message}\n`));
  await page.goto(baseUrl);
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Colour').fill(color);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Documents' }).waitFor();
  return { context, page };
}

/** The editable surface once the server has granted the editor role. */
export function editorSurface(page: Page) {
  return page.locator('.chorus-content');
}

/** Creates a document from the demo's list page and waits for its editable surface; returns the document's address. */
export async function createDocument(page: Page, title: string): Promise<string> {
  await page.getByLabel('New document title').fill(title);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.locator('.chorus-content[contenteditable="true"]').waitFor();
  return page.url();
}

/** The owner's share link for the open document, from the Share panel (editor or viewer). */
export async function shareLink(owner: Page, role: 'Editor' | 'Viewer'): Promise<string> {
  const field = owner.getByLabel(`${role} link`);
  if (!(await field.isVisible())) await owner.getByRole('button', { name: 'Share…' }).click();
  return field.inputValue();
}

/**
 * Resolves once every IndexedDB write the page started has completed: a read
 * transaction on the same store is queued behind them.
 */
export async function indexedDbSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (const { name } of await indexedDB.databases()) {
      if (!name?.startsWith('chorus:')) continue;
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('updates', 'readonly').objectStore('updates').count();
          request.onsuccess = () => {
            db.close();
            resolve();
          };
          request.onerror = () => reject(request.error);
        };
      });
    }
  });
}
