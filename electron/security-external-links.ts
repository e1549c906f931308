// Which links may leave the app for the user's browser (shell.openExternal). Only https links the app itself
// makes: the page shows documents, and a document is untrusted input (DESIGN.md §5), so a URL it names — or any
// URL the page asks to open — is not reason enough to hand something to the operating system, which would open
// file:, smb: or custom-scheme handlers just as readily as a web page.
//
// Pure (no Electron): document-window.ts calls openExternalLink from the window-open handler.

/**
 * Every external link the app's own interface offers. Today there is none — the renderer links nowhere outside the
 * app — so every request to open one is refused. A link added to the interface must be added here too, as the
 * exact https URL, or as a prefix ending in "/" that admits the pages below it on the same host.
 */
export const EXTERNAL_LINKS: readonly string[] = [];

/** Why `url` may not be opened in the browser, or null when it is one of `allowed`. */
export function externalLinkProblem(url: string, allowed: readonly string[] = EXTERNAL_LINKS): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'it is not a valid URL';
  }
  if (parsed.protocol !== 'https:') return `only https links open in the browser, not ${parsed.protocol}`;
  // user:password@ in a link is a classic disguise for the real host, and nothing the app makes carries one.
  if (parsed.username !== '' || parsed.password !== '') return 'it carries a user name or password';
  const matches = allowed.some((entry) => {
    const permitted = new URL(entry);
    if (permitted.origin !== parsed.origin) return false;
    if (!entry.endsWith('/')) return parsed.href === permitted.href;
    // The URL parser has already resolved any "/../" in the path, so a prefix cannot be climbed out of.
    return parsed.pathname.startsWith(permitted.pathname);
  });
  return matches ? null : 'it is not a link the app made';
}

export interface ExternalLinkActions {
  /** shell.openExternal. */
  openExternal(url: string): Promise<void>;
  /** Where a refused link is reported (main logs it). */
  log(message: string): void;
  allowed?: readonly string[];
}

/** Opens `url` in the browser if the app made it; otherwise refuses and logs why. Returns whether it opened. */
export function openExternalLink(url: string, actions: ExternalLinkActions): boolean {
  const problem = externalLinkProblem(url, actions.allowed);
  if (problem !== null) {
    // The URL is shown shortened: it came from the page and may be arbitrarily long.
    actions.log(`refused to open ${url.length > 200 ? `${url.slice(0, 200)}…` : url} in the browser: ${problem}`);
    return false;
  }
  actions.openExternal(url).catch((error: unknown) => actions.log(`could not open ${url} in the browser: ${(error as Error).message ?? String(error)}`));
  return true;
}
