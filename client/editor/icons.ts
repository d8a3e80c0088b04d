/**
 * The icons of the editor and the demo's pages: 24×24 line drawings, built as
 * SVG elements (no markup parsed), drawn in the text colour so that they
 * follow hover, disabled and pressed states. Decorative: the control around
 * an icon carries the name.
 */
const SVG = 'http://www.w3.org/2000/svg';

/** Each icon is a list of path data, stroked with round ends (a zero-length segment draws a dot). */
const PATHS = {
  undo: ['M9 14 4 9l5-5', 'M4 9h10.5a5.5 5.5 0 0 1 0 11H11'],
  redo: ['m15 14 5-5-5-5', 'M20 9H9.5a5.5 5.5 0 0 0 0 11H13'],
  bold: ['M7 5h6a3.5 3.5 0 0 1 0 7H7z', 'M7 12h7a3.5 3.5 0 0 1 0 7H7z'],
  italic: ['M18 5h-8', 'M14 19H6', 'M15 5 9 19'],
  underline: ['M7 4v6a5 5 0 0 0 10 0V4', 'M5 20h14'],
  code: ['m15 17 5-5-5-5', 'm9 7-5 5 5 5'],
  paragraph: ['M13 4v16', 'M17 4v16', 'M19 4H9.5a4.5 4.5 0 0 0 0 9H13'],
  heading1: ['M4 6v12', 'M12 6v12', 'M4 12h8', 'm16 10 3-2v10'],
  heading2: ['M4 6v12', 'M12 6v12', 'M4 12h8', 'M16 10.5c.6-1.6 4.5-2 4.5.8 0 2.2-4.5 3.5-4.5 6.7h4.5'],
  quote: ['M5 5v14', 'M9 7h10', 'M9 12h10', 'M9 17h6'],
  codeBlock: ['M5 4h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z', 'm10 9-3 3 3 3', 'm14 9 3 3-3 3'],
  bulletList: ['M10 6h10', 'M10 12h10', 'M10 18h10', 'M5 6h0', 'M5 12h0', 'M5 18h0'],
  numberList: ['M11 6h9', 'M11 12h9', 'M11 18h9', 'M4 4.5 5.5 4v5', 'M4 15c.4-1 3-1.2 3 .4 0 1.3-3 2-3 3.6h3'],
  link: ['M10 14a4.5 4.5 0 0 0 6.4 0l3-3a4.5 4.5 0 0 0-6.4-6.4l-1.1 1.1', 'M14 10a4.5 4.5 0 0 0-6.4 0l-3 3a4.5 4.5 0 0 0 6.4 6.4l1.1-1.1'],
  share: ['M18 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M6 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M18 22a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'm8.6 13.5 6.8 4', 'm15.4 6.5-6.8 4'],
  copy: ['M9 9h10a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H9a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2z', 'M5 15a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2'],
  check: ['m5 12 5 5 9-10'],
  pencil: ['M4 20h4L19 9a2.8 2.8 0 0 0-4-4L4 16z', 'm13.5 6.5 4 4'],
  back: ['M19 12H5', 'm11 6-6 6 6 6'],
  document: ['M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z', 'M14 3v5h5', 'M9 13h6', 'M9 17h4'],
  plus: ['M12 5v14', 'M5 12h14'],
  close: ['M6 6l12 12', 'M18 6 6 18'],
  brokenLink: ['M9 17H7a5 5 0 0 1 0-10', 'M15 7h2a5 5 0 0 1 4 8', 'M8 12h4', 'm2 2 20 20'],
  offline: ['m2 2 20 20', 'M5.8 5.8A7 7 0 0 0 9 19h8.5a4.5 4.5 0 0 0 1.3-.2', 'M21.5 16.5A4.5 4.5 0 0 0 17.5 10h-1.8A7 7 0 0 0 10 5.1'],
  search: ['M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z', 'm20 20-4-4'],
  lock: ['M6 11h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-8a1 1 0 0 1 1-1z', 'M8 11V7a4 4 0 0 1 8 0v4'],
} as const;

export type IconName = keyof typeof PATHS;

export function icon(name: IconName, size = 18): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '2');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('chorus-icon');
  for (const d of PATHS[name]) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}
