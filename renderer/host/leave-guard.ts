// The browser's "Leave site? Changes you made may not be saved." prompt, while the document has unsaved
// changes (DESIGN.md §7: prompt on unsaved close). Browsers show their own text; the page only asks for it.

export interface LeaveGuard {
  /** Ask before the page is left (closed, reloaded, navigated away) while `dirty`. */
  setDirty(dirty: boolean): void;
  dispose(): void;
}

type Target = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export function leaveGuard(target: Target): LeaveGuard {
  const ask = (event: Event): void => {
    event.preventDefault();
    // Older Chromium and Safari ask only when returnValue is set (writable on a BeforeUnloadEvent only).
    if (typeof BeforeUnloadEvent !== 'undefined' && event instanceof BeforeUnloadEvent) event.returnValue = '';
  };
  let armed = false;
  const arm = (on: boolean): void => {
    if (on === armed) return;
    armed = on;
    if (on) target.addEventListener('beforeunload', ask);
    else target.removeEventListener('beforeunload', ask);
  };
  return { setDirty: arm, dispose: () => arm(false) };
}
