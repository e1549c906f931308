// The Content-Security-Policy: strict for scripts (only 'wasm-unsafe-eval' beyond 'self'), no plugins, no
// <base>, no forms, no framing; the same policy as header and as <meta> tag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTENT_SECURITY_POLICY, CSP_META_CONTENT, CSP_META_TAG, cspProblems, parseCsp, withCspHeader } from './csp.ts';

test('the policy has no unsafe setting', () => {
  assert.deepEqual(cspProblems(CONTENT_SECURITY_POLICY), []);
  assert.deepEqual(cspProblems(CSP_META_CONTENT, { meta: true }), []);
  const d = parseCsp(CONTENT_SECURITY_POLICY);
  assert.deepEqual(d.get('script-src'), ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(d.get('default-src'), ["'self'"]);
  assert.deepEqual(d.get('connect-src'), ["'self'"]);
  for (const name of ['object-src', 'base-uri', 'frame-ancestors', 'form-action']) assert.deepEqual(d.get(name), ["'none'"], name);
});

test('the meta tag carries the same policy minus the header-only frame-ancestors', () => {
  assert.equal(CSP_META_TAG, `<meta http-equiv="Content-Security-Policy" content="${CSP_META_CONTENT}">`);
  const header = parseCsp(CONTENT_SECURITY_POLICY);
  const meta = parseCsp(CSP_META_CONTENT);
  assert.equal(meta.has('frame-ancestors'), false, 'browsers ignore frame-ancestors in <meta> and warn');
  header.delete('frame-ancestors');
  assert.deepEqual(meta, header);
  assert.doesNotMatch(CSP_META_CONTENT, /"/, 'the policy must not break out of the attribute');
});

test('the checker fails any weakened policy', () => {
  const base = CONTENT_SECURITY_POLICY;
  const weakened: [string, RegExp][] = [
    [base.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"), /script-src allows 'unsafe-eval'/],
    [base.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"), /script-src allows 'unsafe-inline'/],
    [base.replace("script-src 'self'", "script-src 'self' https://cdn.example.com"), /script-src allows https:\/\/cdn/],
    [base.replace("script-src 'self'", 'script-src *'), /script-src allows \*/],
    [base.replace("object-src 'none'; ", ''), /object-src must be 'none'/],
    [base.replace("base-uri 'none'", "base-uri 'self'"), /base-uri must be 'none'/],
    [base.replace("frame-ancestors 'none'", "frame-ancestors *"), /frame-ancestors must be 'none'/],
    [base.replace("form-action 'none'", "form-action 'self'"), /form-action must be 'none'/],
    [base.replace("default-src 'self'", 'default-src *'), /default-src must be/],
    [base.replace("connect-src 'self'", 'connect-src *'), /connect-src must stay/],
  ];
  for (const [policy, expected] of weakened) {
    assert.notEqual(policy, base, `the replacement for ${expected} must change the policy`);
    assert.match(cspProblems(policy).join('\n'), expected);
  }
  // Without script-src, default-src governs scripts, so an unsafe default is caught there.
  assert.match(cspProblems("default-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'").join('\n'), /script-src allows 'unsafe-inline'/);
  assert.match(cspProblems('').join('\n'), /no script-src/);
});

test('withCspHeader replaces any policy the response brought, whatever its case', () => {
  const headers = withCspHeader({ 'content-security-policy': ["script-src *"], 'Content-Type': 'text/html', 'X-Other': ['a', 'b'] });
  assert.deepEqual(headers, { 'Content-Type': ['text/html'], 'X-Other': ['a', 'b'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  assert.deepEqual(withCspHeader(undefined), { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
});
