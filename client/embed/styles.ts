/**
 * The editor's own styles, injected once per document so that one script tag
 * is all an embed needs. Colours are custom properties a host page may set on
 * `.chorus`; `--chorus-sticky-top` keeps the toolbar below a host's fixed
 * header. Narrow editors (a phone, a side column) are styled by their own
 * width, not the window's.
 */
const CSS = `
.chorus {
  --chorus-accent: #2458d3; --chorus-text: #1c2330; --chorus-muted: #5b6472; --chorus-border: #dde2e8;
  --chorus-hover: #eef1f5; --chorus-pressed: #e2eafc; --chorus-bg: #fff;
  container-type: inline-size; position: relative;
  font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--chorus-text);
  background: var(--chorus-bg); border: 1px solid var(--chorus-border); border-radius: 12px;
  box-shadow: 0 1px 2px rgba(16, 24, 40, .05);
}
.chorus-bar {
  position: sticky; top: var(--chorus-sticky-top, 0); z-index: 3; display: flex; align-items: center; gap: 8px;
  padding: 6px 10px 6px 8px; background: var(--chorus-bg); border-bottom: 1px solid var(--chorus-border); border-radius: 12px 12px 0 0;
}
.chorus-toolbar { display: flex; align-items: center; gap: 2px; flex: 1 1 auto; min-width: 0; overflow-x: auto; scrollbar-width: none; }
.chorus-toolbar::-webkit-scrollbar { display: none; }
.chorus-toolbar[hidden] { display: none; }
.chorus-toolbar button {
  flex: none; display: inline-grid; place-items: center; width: 34px; height: 34px; min-height: 0; padding: 0;
  border: 0; border-radius: 8px; background: none; color: #3b4452; cursor: pointer;
}
.chorus-toolbar button:hover:not(:disabled) { background: var(--chorus-hover); color: var(--chorus-text); }
.chorus-toolbar button[aria-pressed="true"] { background: var(--chorus-pressed); color: var(--chorus-accent); }
.chorus-toolbar button:disabled { color: #b3bac4; cursor: default; }
.chorus button:focus-visible { outline: 2px solid var(--chorus-accent); outline-offset: -2px; }
.chorus-toolbar-separator { flex: none; width: 1px; height: 20px; margin: 0 5px; background: var(--chorus-border); }
.chorus-people { display: flex; flex: none; align-items: center; min-height: 34px; margin-left: auto; padding-left: 6px; }
.chorus .avatar {
  display: inline-grid; place-items: center; width: 30px; height: 30px; margin-left: -6px; border: 2px solid var(--chorus-bg);
  border-radius: 50%; background: var(--avatar-color, #888); color: #fff; font-size: 12px; font-weight: 600; overflow: hidden; box-sizing: border-box;
}
.chorus .avatar:first-child { margin-left: 0; }
.chorus .avatar.viewer { background: var(--chorus-bg); color: var(--chorus-text); box-shadow: inset 0 0 0 2px var(--avatar-color, #888); }
.chorus .avatar.more { background: var(--chorus-hover); color: var(--chorus-text); }
.chorus .avatar img { width: 100%; height: 100%; object-fit: cover; }
.chorus-surface { position: relative; }
.chorus-content { min-height: 320px; padding: 24px 32px 32px; outline: none; overflow-wrap: anywhere; caret-color: var(--chorus-accent); }
.chorus-placeholder { position: absolute; top: 24px; left: 32px; right: 32px; color: #8a929e; pointer-events: none; user-select: none; }
.chorus-placeholder[hidden], .chorus-notice[hidden] { display: none; }
.chorus-footer {
  position: sticky; bottom: 0; z-index: 3; display: flex; align-items: center; gap: 16px; height: 36px; padding: 0 14px;
  background: var(--chorus-bg); border-top: 1px solid var(--chorus-border); border-radius: 0 0 12px 12px; font-size: 13px; color: var(--chorus-muted);
}
.chorus-status { flex: 0 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chorus-status::before { content: ""; display: inline-block; width: 8px; height: 8px; margin-right: 7px; border-radius: 50%; background: currentColor; vertical-align: 1px; }
.chorus-status[data-state="saved"] { color: #1a7f37; }
.chorus-status[data-state="offline"], .chorus-status[data-state="not-saved"], .chorus-status[data-state="unavailable"] { color: #9a5b00; }
.chorus-status[data-state="refused"], .chorus-status[data-state="not-found"] { color: #b42318; }
.chorus-status[data-state="reconnecting"]::before, .chorus-status[data-state="saving"]::before { background: none; box-shadow: inset 0 0 0 1.5px currentColor; }
.chorus-typing { flex: 0 1 auto; min-width: 0; margin-left: auto; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-style: italic; }
.chorus-notice { display: grid; justify-items: center; gap: 4px; padding: 56px 24px; text-align: center; color: var(--chorus-muted); }
.chorus-notice h2 { margin: 10px 0 0; font-size: 1.2rem; line-height: 1.3; color: var(--chorus-text); }
.chorus-notice p { margin: 0; max-width: 44ch; }
.chorus[data-refused] :is(.chorus-bar, .chorus-surface, .chorus-footer) { display: none; }
.chorus-caret { background: var(--lexical-cursor-color); box-shadow: 0 0 0 .5px var(--lexical-cursor-color); }
.chorus-caret-name {
  position: absolute; top: -1.45em; left: -1px; padding: 1px 6px; border-radius: 4px 4px 4px 0; background: var(--lexical-cursor-color);
  color: #fff; font: 600 11px/1.5 system-ui, sans-serif; white-space: nowrap; pointer-events: none;
}
.chorus .ce-p { margin: 0 0 .75em; }
.chorus .ce-h1 { margin: .9em 0 .35em; font-size: 1.875em; line-height: 1.25; font-weight: 700; letter-spacing: -.01em; }
.chorus .ce-h2 { margin: .9em 0 .35em; font-size: 1.4em; line-height: 1.3; font-weight: 650; }
.chorus .ce-quote { margin: 0 0 .75em; padding: 2px 0 2px 14px; border-left: 3px solid #c9d0d9; color: #4a5361; }
.chorus .ce-code {
  display: block; margin: 0 0 .75em; padding: 12px 14px; border: 1px solid #e4e8ed; border-radius: 8px; background: #f6f8fa;
  font: 14px/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; tab-size: 2;
}
.chorus .ce-inline-code { padding: .1em .3em; border-radius: 4px; background: #eff2f5; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.chorus .chorus-content > :first-child { margin-top: 0; }
.chorus .ce-bold { font-weight: 700; } .chorus .ce-italic { font-style: italic; } .chorus .ce-underline { text-decoration: underline; }
.chorus .ce-strike { text-decoration: line-through; }
.chorus .ce-link { color: var(--chorus-accent); text-decoration: underline; text-underline-offset: 2px; }
.chorus .ce-ul, .chorus .ce-ol { margin: 0 0 .75em; padding-left: 1.6em; }
.chorus .ce-li { margin: .2em 0; }
.chorus .ce-li-nested { list-style: none; }
.chorus-tip {
  position: fixed; z-index: 2147483000; display: flex; align-items: center; gap: 8px; padding: 5px 8px; border-radius: 6px;
  background: #1c2330; color: #fff; font: 500 12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  white-space: nowrap; pointer-events: none; box-shadow: 0 4px 14px rgba(16, 24, 40, .2);
}
.chorus-tip[hidden] { display: none; }
.chorus-tip kbd { font: inherit; color: #c4ccd6; }
@container (max-width: 600px) {
  .chorus-bar { padding: 4px 8px 4px 4px; gap: 4px; }
  .chorus-toolbar { padding-right: 20px; mask-image: linear-gradient(to right, #000 calc(100% - 24px), transparent); }
  .chorus-toolbar button { width: 40px; height: 40px; }
  .chorus-people { min-height: 40px; }
  .chorus-toolbar-separator { margin: 0 3px; }
  .chorus-content { min-height: 240px; padding: 16px 16px 24px; }
  .chorus-placeholder { top: 16px; left: 16px; right: 16px; }
  .chorus-footer { padding: 0 12px; }
}
`;

export function ensureStyles(document: Document): void {
  if (document.getElementById('chorus-editor-styles')) return;
  const style = document.createElement('style');
  style.id = 'chorus-editor-styles';
  style.textContent = CSS;
  document.head.append(style);
}
