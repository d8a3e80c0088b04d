/** Two people in two browsers on one document: what they see and type. */
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, editorSurface, person, screenshot, shareLink } from '../helpers/browser.js';
import { useBrowser } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';

let browser: Browser;
let server: TestServer;
useBrowser((b) => {
  browser = b;
});

async function startWithDocument(): Promise<{ url: string; ana: Awaited<ReturnType<typeof person>> }> {
  server = await startServer({}, {}, { clientDir: CLIENT_DIR });
  const url = `${server.httpUrl}/`;
  const ana = await person(browser, url, 'Ana', '#d64545');
  await ana.page.getByLabel('New document title').fill('Meeting notes');
  await ana.page.getByRole('button', { name: 'Create' }).click();
  await editorSurface(ana.page).and(ana.page.locator('[contenteditable="true"]')).waitFor();
  return { url, ana };
}

describe('the editor in the browser', () => {
  it('lets two people type at the same time and converge, with cursors, typing and avatars', async () => {
    const { url, ana } = await startWithDocument();
    await screenshot(ana.page, 'documents-and-editor');
    // Ana owns the document; Bo edits through her editor link.
    const bo = await person(browser, url, 'Bo', '#2f7ed8');
    await bo.page.goto(await shareLink(ana.page, 'Editor'));
    await editorSurface(bo.page).and(bo.page.locator('[contenteditable="true"]')).waitFor();

    // Avatars follow joins.
    await expect.poll(() => ana.page.locator('.chorus-people [role="listitem"]').count()).toBe(2);
    await expect.poll(() => ana.page.getByRole('listitem', { name: 'Bo' }).count()).toBe(1);

    // Ana writes a line; Bo starts his own below it; then both type at the same time.
    const text = async (page: typeof ana.page) => (await editorSurface(page).innerText()).trim();
    await editorSurface(ana.page).click();
    await ana.page.keyboard.type('Ana was here.');
    await expect.poll(() => text(bo.page)).toBe('Ana was here.');
    await editorSurface(bo.page).click();
    await bo.page.keyboard.press('Control+End');
    await bo.page.keyboard.press('Enter');
    await bo.page.keyboard.type('Bo');
    await expect.poll(() => text(ana.page)).toContain('Bo');
    await Promise.all([
      ana.page.keyboard.type(' And more from Ana.', { delay: 15 }),
      bo.page.keyboard.type(' too, at the same time.', { delay: 15 }),
    ]);
    await expect.poll(async () => (await text(ana.page)) === (await text(bo.page)), { timeout: 10_000 }).toBe(true);
    expect((await text(ana.page)).split('\n').filter(Boolean)).toEqual(['Ana was here. And more from Ana.', 'Bo too, at the same time.']);

    // The typing indicator appears while Bo types, then goes.
    await bo.page.keyboard.type('more', { delay: 30 });
    await expect.poll(() => ana.page.locator('.chorus-typing').innerText(), { timeout: 5000 }).toContain('Bo is typing');
    await expect.poll(() => ana.page.locator('.chorus-typing').innerText(), { timeout: 8000 }).toBe('');

    // Bo's cursor carries his name on Ana's screen.
    await expect.poll(() => ana.page.locator('.chorus-cursors').innerText(), { timeout: 5000 }).toContain('Bo');
    await expect.poll(() => ana.page.locator('.chorus-status').innerText(), { timeout: 5000 }).toBe('Saved');
    await screenshot(ana.page, 'two-people-editing');

    // Avatars follow leaves.
    await bo.context.close();
    await expect.poll(() => ana.page.locator('.chorus-people [role="listitem"]').count(), { timeout: 10_000 }).toBe(1);
  });

  it('gives a viewer link a read-only editor; typing changes nothing', async () => {
    const { url, ana } = await startWithDocument();
    await editorSurface(ana.page).click();
    await ana.page.keyboard.type('Only Ana writes here.');
    const viewerLink = await shareLink(ana.page, 'Viewer');
    const cy = await person(browser, url, 'Cy', '#2e9e5b');
    await cy.page.goto(viewerLink);
    await expect.poll(() => cy.page.locator('.chorus-status').innerText(), { timeout: 10_000 }).toBe('Read-only');
    await expect.poll(() => editorSurface(cy.page).innerText()).toContain('Only Ana writes here.');
    expect(await editorSurface(cy.page).getAttribute('contenteditable')).toBe('false');
    await editorSurface(cy.page).click();
    await cy.page.keyboard.type('HACK');
    await editorSurface(ana.page).click();
    await ana.page.keyboard.press('Control+End');
    await ana.page.keyboard.type(' Still.');
    await expect.poll(() => editorSurface(cy.page).innerText()).toContain('Still.');
    expect(await editorSurface(cy.page).innerText()).not.toContain('HACK');
    expect(await editorSurface(ana.page).innerText()).not.toContain('HACK');
    await expect.poll(() => ana.page.getByRole('listitem', { name: 'Cy (viewer)' }).count()).toBe(1);
    await screenshot(cy.page, 'viewer');
    expect(viewerLink).toMatch(/#\/doc\/[A-Za-z0-9_-]+\?share=v\./);
  });

  it('keeps offline edits and merges them on reconnect; a reload keeps the text', async () => {
    const { url, ana } = await startWithDocument();
    const bo = await person(browser, url, 'Bo', '#2f7ed8');
    await bo.page.goto(await shareLink(ana.page, 'Editor'));
    await editorSurface(bo.page).and(bo.page.locator('[contenteditable="true"]')).waitFor();
    await ana.context.setOffline(true);
    await expect.poll(() => ana.page.locator('.chorus-status').innerText(), { timeout: 15_000 }).toContain('Offline');
    await editorSurface(ana.page).click();
    await ana.page.keyboard.type('Written offline. ');
    await editorSurface(bo.page).click();
    await bo.page.keyboard.type('Written online. ');
    await expect.poll(() => ana.page.locator('.chorus-status').innerText()).toBe('Offline: changes kept on this device');
    await screenshot(ana.page, 'offline');
    await ana.context.setOffline(false);
    for (const page of [ana.page, bo.page]) {
      await expect.poll(() => editorSurface(page).innerText(), { timeout: 20_000 }).toContain('Written offline.');
      await expect.poll(() => editorSurface(page).innerText(), { timeout: 20_000 }).toContain('Written online.');
    }
    await expect.poll(() => ana.page.locator('.chorus-status').innerText(), { timeout: 10_000 }).toBe('Saved');
    await ana.page.reload();
    await expect.poll(() => editorSurface(ana.page).innerText(), { timeout: 10_000 }).toContain('Written offline.');
    expect(await editorSurface(ana.page).innerText()).toContain('Written online.');
  });

  it('works at phone width', async () => {
    server = await startServer({}, {}, { clientDir: CLIENT_DIR });
    const phone = await person(browser, `${server.httpUrl}/`, 'Dee', '#b05fd1', { width: 375, height: 720 });
    await phone.page.getByLabel('New document title').fill('On the go');
    await phone.page.getByRole('button', { name: 'Create' }).click();
    await editorSurface(phone.page).and(phone.page.locator('[contenteditable="true"]')).waitFor();
    await editorSurface(phone.page).click();
    await phone.page.keyboard.type('Typed on a phone.');
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await screenshot(phone.page, 'phone');
  });
});
