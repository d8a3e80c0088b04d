/** The editor's own styles, injected once per document so that one script tag is all an embed needs. */
const CSS = `
.chorus { font: 16px/1.5 system-ui, sans-serif; border: 1px solid #d0d4da; border-radius: 8px; background: #fff; color: #1d232b; }
.chorus-bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 6px 8px; border-bottom: 1px solid #e3e6ea; }
.chorus-toolbar { display: flex; flex-wrap: wrap; gap: 2px; flex: 1 1 auto; }
.chorus-toolbar button { min-width: 32px; height: 32px; border: 1px solid transparent; border-radius: 6px; background: none; font: inherit; cursor: pointer; }
.chorus-toolbar button:hover:not(:disabled), .chorus-toolbar button:focus-visible { border-color: #9aa4b1; }
.chorus-toolbar button[aria-pressed="true"] { background: #e6efff; }
.chorus-toolbar button:disabled { opacity: .4; cursor: default; }
.chorus-people { display: flex; gap: 4px; }
.chorus .avatar { display: inline-grid; place-items: center; width: 28px; height: 28px; border-radius: 50%; background: var(--avatar-color, #888); color: #fff; font-size: 12px; font-weight: 600; overflow: hidden; }
.chorus .avatar.viewer { opacity: .75; outline: 2px dashed var(--avatar-color, #888); outline-offset: 1px; background: #fff; color: #333; }
.chorus .avatar.more { background: #e3e6ea; color: #333; }
.chorus .avatar img { width: 100%; height: 100%; object-fit: cover; }
.chorus-status { font-size: 13px; color: #596270; white-space: nowrap; }
.chorus-status[data-state="offline"], .chorus-status[data-state="not-saved"], .chorus-status[data-state="unavailable"] { color: #a24b00; }
.chorus-status[data-state="saved"] { color: #1d7a3a; }
.chorus-surface { position: relative; }
.chorus-content { min-height: 240px; padding: 12px 16px; outline: none; overflow-wrap: anywhere; }
.chorus-content[contenteditable="false"] { background: #fafbfc; }
.chorus-typing { min-height: 20px; padding: 0 16px 6px; font-size: 13px; color: #596270; }
.chorus .ce-p { margin: 0 0 8px; }
.chorus .ce-h1 { font-size: 1.8em; margin: .3em 0; }
.chorus .ce-h2 { font-size: 1.4em; margin: .3em 0; }
.chorus .ce-quote { margin: 0 0 8px; padding-left: 12px; border-left: 4px solid #c8ced6; color: #475060; }
.chorus .ce-code { display: block; font-family: ui-monospace, monospace; background: #f3f5f7; padding: 8px; border-radius: 6px; white-space: pre-wrap; }
.chorus .ce-inline-code { font-family: ui-monospace, monospace; background: #f3f5f7; padding: 0 3px; border-radius: 3px; }
.chorus .ce-bold { font-weight: 700; } .chorus .ce-italic { font-style: italic; } .chorus .ce-underline { text-decoration: underline; }
.chorus .ce-link { color: #1a5fd0; }
.chorus .ce-ul, .chorus .ce-ol { margin: 0 0 8px; padding-left: 24px; }
@media (max-width: 480px) { .chorus-content { padding: 10px; min-height: 180px; } .chorus-toolbar button { min-width: 36px; height: 36px; } }
`;

export function ensureStyles(document: Document): void {
  if (document.getElementById('chorus-editor-styles')) return;
  const style = document.createElement('style');
  style.id = 'chorus-editor-styles';
  style.textContent = CSS;
  document.head.append(style);
}
