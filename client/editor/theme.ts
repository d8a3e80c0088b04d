import type { EditorThemeClasses } from 'lexical';

/** Class names the editor puts on its elements; styled in client/embed/styles.ts. */
export const EDITOR_THEME: EditorThemeClasses = {
  paragraph: 'ce-p',
  quote: 'ce-quote',
  heading: { h1: 'ce-h1', h2: 'ce-h2', h3: 'ce-h3' },
  list: { ul: 'ce-ul', ol: 'ce-ol', listitem: 'ce-li', nested: { listitem: 'ce-li-nested' } },
  link: 'ce-link',
  code: 'ce-code',
  text: { bold: 'ce-bold', italic: 'ce-italic', underline: 'ce-underline', code: 'ce-inline-code', strikethrough: 'ce-strike' },
  // Other people's carets and name tags (their colour comes as --lexical-cursor-color).
  collaboration: { cursor: 'chorus-caret', cursorName: 'chorus-caret-name' },
};
