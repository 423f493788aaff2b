// @vitest-environment node
// The pure rules of the local CloudFront-like server and of the budgets script.
import { describe, expect, it } from 'vitest';
import { initialScripts, medianRun } from '../../scripts/website-budgets.mjs';
import { cacheControlFor, isClientRoute, startSiteServer } from './serve.mjs';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('serve.mjs', () => {
  it.each([
    ['/', true],
    ['/projects/spot-gpu-training-platform', true],
    ['/assets/', true],
    ['/assets/index-abc123.js', false],
    ['/images/projects/a.svg', false],
    ['/v1.2/thing', true],
  ])('%s is a client route: %s', (urlPath, expected) => {
    expect(isClientRoute(urlPath)).toBe(expected);
  });

  it('caches hashed assets for a year and revalidates index.html', () => {
    expect(cacheControlFor('/assets/index-abc123.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/index.html')).toBe('no-cache');
  });

  it('answers routes with index.html, a missing file with 404, and /api without an API like any route', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'site-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>site</title>');
    writeFileSync(path.join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
    const server = await startSiteServer({ root });
    try {
      const page = await fetch(`${server.url}/projects/x`);
      expect([page.status, await page.text(), page.headers.get('cache-control')]).toEqual([200, '<!doctype html><title>site</title>', 'no-cache']);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      const asset = await fetch(`${server.url}/assets/app-1a2b.js`);
      expect([asset.status, asset.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
      expect((await fetch(`${server.url}/assets/app-missing.js`)).status).toBe(404);
      expect((await fetch(`${server.url}/..%2Fetc%2Fpasswd.txt`)).status).toBe(404);
      expect((await fetch(`${server.url}/api/projects`)).headers.get('content-type')).toBe('text/html; charset=utf-8');
    } finally {
      await server.close();
    }
  });

  it('refuses to start without a build, saying how to make one', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'empty-'));
    await expect(startSiteServer({ root })).rejects.toThrow(`${root}/index.html is missing: build the site first (cd website && npm run build)`);
  });
});

describe('website-budgets.mjs', () => {
  it('counts the entry script and its module preloads, once each', () => {
    const html = `<script type="module" crossorigin src="/assets/index-a.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-b.js">
      <link rel="modulepreload" crossorigin href="/assets/index-a.js">
      <link rel="stylesheet" crossorigin href="/assets/index-c.css">`;
    expect(initialScripts(html)).toEqual(['/assets/index-a.js', '/assets/vendor-b.js']);
  });

  it('judges the median run by performance', () => {
    const runs = [0.91, 0.99, 0.96].map((performance) => ({ performance }));
    expect(medianRun(runs).performance).toBe(0.96);
    expect(medianRun([{ performance: 0.9 }]).performance).toBe(0.9);
  });
});
