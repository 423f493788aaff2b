#!/usr/bin/env node
// End-to-end tests: the production build (dist/), served as CloudFront serves it (serve.mjs),
// with the repository's local API behind /api, driven in headless Chromium by playwright-core.
//
// Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM_PATH). Without it the tests are
// skipped with a message, unless CI is set, where a missing browser is a failure.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalApi } from './localApi.mjs';
import { startSiteServer } from './serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WEBSITE = path.resolve(HERE, '..');
const REPOSITORY = path.resolve(WEBSITE, '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const PHONE = { width: 360, height: 640 };

if (!existsSync(CHROMIUM)) {
  const why = `no Chromium at ${CHROMIUM} (install Debian's: apt-get install -y chromium, as .ci/run does; or set CHROMIUM_PATH)`;
  if (process.env.CI) {
    console.error(`e2e: FAILED: ${why}`);
    process.exit(1);
  }
  console.log(`e2e: SKIPPED, ${why}`);
  process.exit(0);
}
if (!existsSync(path.join(WEBSITE, 'dist', 'index.html'))) {
  console.error('e2e: website/dist/index.html is missing: run npm run build first');
  process.exit(1);
}

const cases = [];
const test = (name, body, options = {}) => cases.push({ name, body, options });

/** Every project the API lists, following its cursor, as the site must show them. */
async function apiProjects(site) {
  const projects = [];
  let cursor = null;
  do {
    const response = await fetch(`${site}/api/projects?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(response.status, 200, 'GET /api/projects through the site server');
    const page = await response.json();
    projects.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return projects;
}

const cardTitles = (page) => page.locator('.grid article h3').allTextContents();

async function waitForCards(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll('.grid article').length === n, count);
}

test('the home page renders one card per project of the API, each linking to its page', async ({ page, site, projects }) => {
  await page.goto(`${site}/`);
  await waitForCards(page, projects.length);
  assert.deepEqual(await cardTitles(page), projects.map((p) => p.title));
  for (const project of projects) {
    const card = page.getByRole('article', { name: project.title });
    assert.equal(await card.getByRole('link', { name: project.title }).getAttribute('href'), `/projects/${project.slug}`);
    assert.equal(await card.getByRole('img').getAttribute('alt'), project.image.alt);
    // The image is served and decodes (naturalWidth is 0 for a missing or broken image).
    await card.getByRole('img').scrollIntoViewIfNeeded();
    await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await card.getByRole('img').elementHandle());
  }
  assert.equal(await page.getByText('copy published with the site').count(), 0, 'the list came from the API');
});

test('the tag filter and the search narrow the list, live in the URL and survive a reload', async ({ page, site, projects }) => {
  const tag = 'machine-learning';
  const tagged = projects.filter((p) => p.tags.includes(tag));
  assert.ok(tagged.length > 0 && tagged.length < projects.length, `the content has some but not all projects tagged ${tag}`);
  await page.goto(`${site}/`);
  await waitForCards(page, projects.length);
  await page.getByRole('button', { name: /^machine learning/ }).click();
  await page.waitForURL(`${site}/?tag=${tag}`);
  await waitForCards(page, tagged.length);
  assert.deepEqual(await cardTitles(page), tagged.map((p) => p.title));

  await page.reload();
  await waitForCards(page, tagged.length);
  assert.equal(await page.getByRole('button', { name: /^machine learning/ }).getAttribute('aria-pressed'), 'true');

  await page.getByRole('searchbox', { name: 'Search projects' }).fill('spot');
  await page.waitForURL(`${site}/?tag=${tag}&q=spot`);
  await waitForCards(page, 1);
  await page.reload();
  await waitForCards(page, 1);
  assert.equal(await page.getByRole('searchbox', { name: 'Search projects' }).inputValue(), 'spot');
  assert.deepEqual(await cardTitles(page), ['Spot GPU training that never loses a job']);

  await page.goBack();
  await page.waitForURL(`${site}/`);
  await waitForCards(page, projects.length);
});

test('a deep link renders its project, and a card leads to it', async ({ page, site, projects }) => {
  const project = projects[projects.length - 1];
  const response = await page.goto(`${site}/projects/${project.slug}`);
  assert.equal(response.status(), 200);
  await page.getByRole('heading', { level: 1, name: project.title }).waitFor();
  assert.equal(await page.title(), `${project.title} · Portfolio`);
  assert.ok((await page.locator('.prose p').count()) > 0, 'the body is shown');

  await page.getByRole('link', { name: '← All projects' }).click();
  await waitForCards(page, projects.length);
  await page.getByRole('link', { name: projects[0].title }).click();
  await page.waitForURL(`${site}/projects/${projects[0].slug}`);
  await page.getByRole('heading', { level: 1, name: projects[0].title }).waitFor();
});

test('an unknown path shows the not-found page; a missing asset is a real 404', async ({ page, site }) => {
  await page.goto(`${site}/no/such/page`);
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  await page.goto(`${site}/projects/no-such-project`);
  await page.getByRole('heading', { level: 1, name: 'Project not found' }).waitFor();
  const asset = await page.request.get(`${site}/assets/index-missing0.js`);
  assert.equal(asset.status(), 404, 'a missing asset must not be answered with index.html');
});

test('the contact form shows errors for bad input and thanks for good input', async ({ page, site }) => {
  await page.goto(`${site}/contact`);
  await page.getByRole('button', { name: 'Send message' }).click();
  await page.getByText('Please enter your name.').waitFor();
  await page.getByText('Please write a message.').waitFor();
  assert.equal(await page.getByLabel('Name').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'name', 'focus moves to the first bad field');

  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@');
  await page.getByLabel('Message').fill('I would like to talk about the spot training platform.');
  await page.getByRole('button', { name: 'Send message' }).click();
  await page.getByText('"ada@" does not look like an email address; expected something like name@example.com.').waitFor();

  await page.getByLabel('Email').fill('ada@example.com');
  const sent = page.waitForResponse((r) => r.url().endsWith('/api/contact'));
  await page.getByRole('button', { name: 'Send message' }).click();
  assert.equal((await sent).status(), 202);
  await page.getByRole('heading', { level: 1, name: 'Thank you, message received' }).waitFor();
});

test('the contact form says when to try again once the API rate-limits the sender', async ({ page, site }) => {
  await page.goto(`${site}/contact`);
  // The API's 422 for a field the form let through (the form checks the same rules first, so
  // this one is sent directly): its field messages are what the form shows next to the field.
  const refused = await page.request.post(`${site}/api/contact`, {
    data: { name: '', email: 'bob@example.com', message: 'hello', website: '' },
  });
  assert.equal(refused.status(), 422);
  assert.equal((await refused.json()).error.details[0].field, 'name');
  // Fill the per-client hourly quota, then the form must say when to try again.
  for (let sent = 0; sent < 10; sent++) {
    const answer = await page.request.post(`${site}/api/contact`, {
      data: { name: 'Quota', email: 'quota@example.com', message: `message ${sent}`, website: '' },
    });
    if (answer.status() === 429) break;
    assert.equal(answer.status(), 202);
  }
  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Message').fill('One more message.');
  await page.getByRole('button', { name: 'Send message' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /^You have sent several messages in a short time\. Please try again in /);
});

test('without a reachable API the bundled projects are shown, and say so', async ({ page, site, projects }) => {
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  await page.goto(`${site}/`);
  await waitForCards(page, projects.length);
  await page.getByText('copy published with the site').waitFor();
});

test('nothing overflows a 360x640 phone screen', async ({ page, site, projects }) => {
  const pages = ['/', '/?tag=aws', `/projects/${projects[0].slug}`, '/about', '/contact', '/no/such/page'];
  for (const url of pages) {
    await page.goto(`${site}${url}`);
    await page.locator('main h1').first().waitFor();
    if (url.startsWith('/?') || url === '/') await page.locator('.grid article').first().waitFor();
    if (url === '/contact') {
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.getByText('Please enter your name.').waitFor();
    }
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => !el.closest('.honeypot, .skip-link'))
        .filter((el) => el.getBoundingClientRect().right > width + 0.5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} (right edge ${Math.round(el.getBoundingClientRect().right)})`);
      return { scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5) };
    });
    assert.ok(
      overflow.scrollWidth <= overflow.width && overflow.wide.length === 0,
      `${url} overflows ${overflow.width}px: page ${overflow.scrollWidth}px wide; ${overflow.wide.join(', ')}`,
    );
  }
}, { viewport: PHONE });

async function main() {
  const { chromium } = await import('playwright-core');
  const started = Date.now();
  const api = await startLocalApi(REPOSITORY);
  const server = await startSiteServer({ root: path.join(WEBSITE, 'dist'), apiOrigin: api.origin });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  console.log(`e2e: Chromium ${browser.version()}, site ${server.url}, local API ${api.origin}`);
  let failed = 0;
  let ran = 0;
  try {
    const projects = await apiProjects(server.url);
    // E2E_ONLY=words runs only the cases whose name contains them (while working on one).
    const only = process.env.E2E_ONLY;
    for (const { name, body, options } of cases.filter((c) => !only || c.name.includes(only))) {
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
      context.setDefaultTimeout(15000);
      const page = await context.newPage();
      // Any script error or Content-Security-Policy violation fails the case. ("Failed to load
      // resource" lines are the browser reporting the API's deliberate 404/422/429 answers.)
      const problems = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
      });
      const caseStarted = Date.now();
      ran++;
      try {
        await body({ page, site: server.url, projects });
        assert.deepEqual(problems, [], 'no script errors or CSP violations');
        console.log(`  ok    ${name} (${Date.now() - caseStarted} ms)`);
      } catch (error) {
        failed++;
        console.log(`  FAIL  ${name}\n        ${String(error.message).split('\n').join('\n        ')}`);
        const results = path.join(HERE, 'results');
        mkdirSync(results, { recursive: true });
        const shot = path.join(results, `${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        console.log(`        screenshot: ${path.relative(REPOSITORY, shot)}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    await api.stop();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`e2e: ${ran - failed} passed, ${failed} failed, ${seconds} s`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`e2e: ${error.stack ?? error}`);
  process.exit(1);
});
