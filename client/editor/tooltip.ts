/**
 * One tooltip for the buttons of a container: their name and shortcut
 * (`data-tip`, `data-keys`), shown under the button hovered with a mouse or
 * focused from the keyboard. It lives in the page's body, fixed to the
 * viewport, so neither a toolbar that scrolls sideways nor the editor's
 * containment clips or moves it. Screen readers already get both from
 * aria-label and aria-keyshortcuts, so it is hidden from them.
 */
const SHOW_DELAY_MS = 350;

export function mountTooltip(container: HTMLElement): () => void {
  const tip = container.ownerDocument.createElement('div');
  tip.className = 'chorus-tip';
  tip.setAttribute('aria-hidden', 'true');
  tip.hidden = true;
  container.ownerDocument.body.append(tip);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const hide = (): void => {
    clearTimeout(timer);
    tip.hidden = true;
  };
  const show = (button: HTMLElement, delay: number): void => {
    clearTimeout(timer);
    timer = setTimeout(() => place(tip, button), delay);
  };
  const target = (event: Event): HTMLElement | null => (event.target as Element | null)?.closest?.<HTMLElement>('[data-tip]') ?? null;
  const onOver = (event: PointerEvent): void => {
    const button = target(event);
    if (button && event.pointerType === 'mouse') show(button, SHOW_DELAY_MS);
  };
  const onFocus = (event: FocusEvent): void => {
    const button = target(event);
    if (button?.matches(':focus-visible')) show(button, 0);
  };
  const onKey = (event: KeyboardEvent): void => void (event.key === 'Escape' && hide());
  const listeners: [EventTarget, string, EventListener][] = [
    [container, 'pointerover', onOver as EventListener],
    [container, 'pointerout', hide],
    [container, 'pointerdown', hide],
    [container, 'focusin', onFocus as EventListener],
    [container, 'focusout', hide],
    [container, 'scroll', hide],
    [container, 'keydown', onKey as EventListener],
  ];
  listeners.forEach(([on, type, listener]) => on.addEventListener(type, listener));
  return () => {
    hide();
    listeners.forEach(([on, type, listener]) => on.removeEventListener(type, listener));
    tip.remove();
  };
}

/** Fills the tooltip for the button and puts it under it, inside the viewport. */
function place(tip: HTMLElement, button: HTMLElement): void {
  const label = tip.ownerDocument.createElement('span');
  label.textContent = button.dataset.tip ?? '';
  tip.replaceChildren(label);
  if (button.dataset.keys) {
    const keys = tip.ownerDocument.createElement('kbd');
    keys.textContent = button.dataset.keys;
    tip.append(keys);
  }
  tip.hidden = false;
  const box = button.getBoundingClientRect();
  const width = tip.offsetWidth;
  const viewport = tip.ownerDocument.documentElement.clientWidth;
  const left = Math.min(Math.max(8, box.left + box.width / 2 - width / 2), viewport - width - 8);
  tip.style.left = `${left}px`;
  tip.style.top = `${box.bottom + 6}px`;
}
