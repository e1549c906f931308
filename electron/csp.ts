// The renderer's Content-Security-Policy (DESIGN.md §6), in one place: main sends it as a response header and
// the renderer's index.html carries the same policy as a <meta> tag (the web build has only the tag).
//
// Pure (no Node, no Electron): the renderer's build may import it. The only relaxation of script-src is
// 'wasm-unsafe-eval', which lets the fast kernels compile WebAssembly without allowing eval of JavaScript.
// style-src allows inline styles: React Flow and plotly set style attributes and plotly inserts <style> rules;
// a style cannot run code, so this does not weaken the script policy.

export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'frame-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
});

/** Directives a browser ignores (and warns about) when the policy comes from a <meta> tag. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

const format = (directives: Readonly<Record<string, readonly string[]>>, skip: ReadonlySet<string> = new Set()): string =>
  Object.entries(directives)
    .filter(([name]) => !skip.has(name))
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');

/** The policy as the `Content-Security-Policy` response header sends it. */
export const CONTENT_SECURITY_POLICY = format(CSP_DIRECTIVES);

/** The same policy without the header-only directives, for `<meta http-equiv="Content-Security-Policy">`. */
export const CSP_META_CONTENT = format(CSP_DIRECTIVES, HEADER_ONLY);

/** The tag to put first in the renderer's index.html <head>. */
export const CSP_META_TAG = `<meta http-equiv="Content-Security-Policy" content="${CSP_META_CONTENT}">`;

/** A policy string as directive → sources (lower-cased names; the first occurrence wins, as in browsers). */
export function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter((s) => s.length > 0);
    if (name !== undefined && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/**
 * Everything unsafe about a policy, one message each (empty = safe). `meta` skips the header-only directives.
 * Used by the tests, and by main at start-up so a weakened policy can never ship silently.
 */
export function cspProblems(policy: string, { meta = false }: { meta?: boolean } = {}): string[] {
  const problems: string[] = [];
  const d = parseCsp(policy);
  // script-src falls back to default-src when absent; either way it is what governs scripts.
  const scripts = d.get('script-src') ?? d.get('default-src');
  if (scripts === undefined) problems.push('no script-src (and no default-src): scripts from anywhere may run');
  else {
    for (const unsafe of ["'unsafe-eval'", "'unsafe-inline'", "'unsafe-hashes'", '*', 'data:', 'blob:', 'http:', 'https:']) {
      if (scripts.includes(unsafe)) problems.push(`script-src allows ${unsafe}`);
    }
    const allowed = new Set(["'self'", "'wasm-unsafe-eval'", "'none'"]);
    for (const source of scripts) if (!allowed.has(source) && !source.startsWith("'sha") && !source.startsWith("'nonce-")) problems.push(`script-src allows ${source}`);
  }
  const mustBeNone = meta ? ['object-src', 'base-uri', 'form-action'] : ['object-src', 'base-uri', 'form-action', 'frame-ancestors'];
  for (const name of mustBeNone) {
    const sources = d.get(name);
    if (sources === undefined || sources.length !== 1 || sources[0] !== "'none'") problems.push(`${name} must be 'none'`);
  }
  const fallback = d.get('default-src');
  if (fallback === undefined || fallback.some((s) => s !== "'self'" && s !== "'none'")) problems.push("default-src must be 'self' (or 'none')");
  const connect = d.get('connect-src') ?? fallback;
  if (connect?.some((s) => s === '*' || s.startsWith('http'))) problems.push('connect-src must stay on our own origin');
  return problems;
}

/**
 * Response headers with our policy in place of any the response brought (for session.webRequest
 * .onHeadersReceived and the app:// protocol handler). Header names are case-insensitive, so every spelling of
 * an existing CSP header is dropped.
 */
export function withCspHeader(headers: Readonly<Record<string, string | string[]>> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? [...value] : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
