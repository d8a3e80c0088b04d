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

/** The editor's status line, as it reads. */
export function statusText(page: Page): Promise<string> {
  return page.locator('.chorus-status').innerText();
}

/** Ana signs in, creates a document, writes `text` in it and waits until the server says it is saved. */
export async function ownerWithSavedText(browser: Browser, baseUrl: string, title: string, text: string): Promise<{ ana: Awaited<ReturnType<typeof person>>; docUrl: string }> {
  const ana = await person(browser, baseUrl, 'Ana', '#d64545');
  const docUrl = await createDocument(ana.page, title);
  await editorSurface(ana.page).click();
  await ana.page.keyboard.type(text);
  await ana.page.locator('.chorus-status[data-state="saved"]').waitFor({ timeout: 10_000 });
  return { ana, docUrl };
}

/** The owner's share link for the open document, from the Share dialog (can edit or can view); the dialog is closed again. */
export async function shareLink(owner: Page, role: 'Editor' | 'Viewer'): Promise<string> {
  const dialog = await openShareDialog(owner);
  await dialog.getByText(role === 'Editor' ? 'Can edit' : 'Can view', { exact: true }).click();
  const field = dialog.getByLabel(`${role} link`);
  await owner.waitForFunction(() => document.querySelector<HTMLInputElement>('.share-link-field')?.value.includes('?share='));
  const link = await field.inputValue();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
  return link;
}

/** Opens the owner's Share dialog and returns it. */
export async function openShareDialog(owner: Page) {
  await owner.getByRole('button', { name: 'Share…' }).click();
  const dialog = owner.getByRole('dialog', { name: /^Share/ });
  await dialog.waitFor();
  return dialog;
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
