/**
 * The formatting toolbar: every button an icon with a name and a tooltip
 * that shows its shortcut, pressed states that follow the selection, Undo and
 * Redo disabled with nothing to undo or redo, and on a phone one row that
 * scrolls sideways.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, createDocument, editorSurface, person } from '../helpers/browser.js';
import { useBrowser } from '../helpers/fixtures.js';
import { startServer } from '../helpers/server.js';

let browser: Browser;
useBrowser((b) => {
  browser = b;
});

const button = (page: Page, name: string) => page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name, exact: true });
const pressed = (page: Page, name: string): Promise<string | null> => button(page, name).getAttribute('aria-pressed');

async function editorPage(viewport?: { width: number; height: number }): Promise<Page> {
  const server = await startServer({}, {}, { clientDir: CLIENT_DIR });
  const ana = await person(browser, `${server.httpUrl}/`, 'Ana', '#d64545', viewport);
  await createDocument(ana.page, 'Formatting');
  return ana.page;
}

describe('the toolbar', () => {
  it('names every button, draws it as an icon, and shows its name and shortcut in a tooltip', async () => {
    const page = await editorPage({ width: 1280, height: 800 });
    const buttons = await page.locator('.chorus-toolbar button').evaluateAll((all) => all.map((b) => ({
      name: b.getAttribute('aria-label'), icon: b.querySelector('svg path') !== null, text: b.textContent,
    })));
    expect(buttons.map((b) => b.name)).toEqual([
      'Undo', 'Redo', 'Bold', 'Italic', 'Underline', 'Inline code', 'Paragraph', 'Heading 1', 'Heading 2', 'Quote', 'Code block',
      'Bulleted list', 'Numbered list', 'Link',
    ]);
    expect(buttons.every((b) => b.icon && b.text === '')).toBe(true);
    expect(await button(page, 'Bold').getAttribute('aria-keyshortcuts')).toBe('Control+B');

    await button(page, 'Bold').hover();
    const tip = page.locator('.chorus-tip');
    await tip.waitFor();
    expect(await tip.innerText()).toMatch(/^Bold\s+Ctrl\+B$/);
    await button(page, 'Heading 1').hover();
    await expect.poll(() => tip.innerText()).toMatch(/^Heading 1\s+# then space$/);
    // From the keyboard too, at once.
    await editorSurface(page).click();
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => tip.innerText()).toMatch(/^Link\s+Ctrl\+K$/);
  });

  it('shows what the selection is in, and disables Undo and Redo until there is something to undo or redo', async () => {
    const page = await editorPage();
    expect(await button(page, 'Undo').isDisabled()).toBe(true);
    expect(await button(page, 'Redo').isDisabled()).toBe(true);
    await editorSurface(page).click();
    await page.keyboard.press('Control+B');
    await page.keyboard.type('Loud');
    await expect.poll(() => pressed(page, 'Bold')).toBe('true');
    expect(await pressed(page, 'Italic')).toBe('false');
    expect(await pressed(page, 'Paragraph')).toBe('true');
    await expect.poll(() => button(page, 'Undo').isEnabled()).toBe(true);
    expect(await button(page, 'Redo').isDisabled()).toBe(true);

    await page.keyboard.press('Control+B');
    await page.keyboard.type(' quiet');
    await expect.poll(() => pressed(page, 'Bold')).toBe('false');

    await page.keyboard.press('Enter');
    await page.keyboard.type('# Title');
    await expect.poll(() => pressed(page, 'Heading 1')).toBe('true');
    expect(await pressed(page, 'Paragraph')).toBe('false');
    await button(page, 'Heading 1').click(); // pressed again: back to a paragraph
    await expect.poll(() => pressed(page, 'Heading 1')).toBe('false');
    expect(await pressed(page, 'Paragraph')).toBe('true');

    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- item');
    await expect.poll(() => pressed(page, 'Bulleted list')).toBe('true');
    expect(await pressed(page, 'Numbered list')).toBe('false');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => pressed(page, 'Bulleted list')).toBe('false');

    await button(page, 'Undo').click();
    await expect.poll(() => button(page, 'Redo').isEnabled()).toBe(true);
  });

  it('is one row on a phone that scrolls sideways, and nothing else on the page does', async () => {
    const page = await editorPage({ width: 390, height: 844 });
    const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
    const tops = await toolbar.locator('button').evaluateAll((all) => new Set(all.map((b) => b.getBoundingClientRect().top)).size);
    expect(tops).toBe(1);
    const { scrollWidth, clientWidth } = await toolbar.evaluate((t) => ({ scrollWidth: t.scrollWidth, clientWidth: t.clientWidth }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The last button can be scrolled to and pressed.
    await button(page, 'Link').scrollIntoViewIfNeeded();
    expect(await toolbar.evaluate((t) => t.scrollLeft)).toBeGreaterThan(0);
    await editorSurface(page).click();
    await button(page, 'Numbered list').click();
    await expect.poll(() => pressed(page, 'Numbered list')).toBe('true');
  });
});
