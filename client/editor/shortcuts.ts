/**
 * Shortcuts as people read them on their device (⌘B on Apple devices, Ctrl+B
 * elsewhere) and as aria-keyshortcuts names them (Meta+B, Control+B).
 */
import type { Shortcut } from './toolbar-buttons.js';

const APPLE = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The text a tooltip shows for the shortcut, or '' when there is none. */
export function shortcutText(shortcut: Shortcut | undefined): string {
  if (shortcut?.keys) {
    const keys = shortcut.keys.split('+');
    if (APPLE) return keys.map((key) => ({ Mod: '⌘', Shift: '⇧', Alt: '⌥' })[key] ?? key).join('');
    return keys.map((key) => (key === 'Mod' ? 'Ctrl' : key)).join('+');
  }
  if (shortcut?.markdown) return `${shortcut.markdown} then space`;
  return shortcut?.around ?? '';
}

/** The aria-keyshortcuts value for a key chord, or undefined for a Markdown shortcut. */
export function ariaShortcut(shortcut: Shortcut | undefined): string | undefined {
  return shortcut?.keys?.replace('Mod', APPLE ? 'Meta' : 'Control');
}
