#!/usr/bin/env node
// Measures the website's budgets on its production build (website/dist) and fails when one is missed:
//   - initial JavaScript (the entry script and its modulepreloads in index.html), gzip: <= 80 KB
//   - Lighthouse, mobile preset (its default), performance and accessibility: >= 0.95 each,
//     on the build served as CloudFront serves it, with the local API behind /api. Each page is
//     measured RUNS times and judged on the median run (by performance), as Lighthouse's own
//     guidance on variability recommends: one run swings by several points on a busy machine.
//
// Usage: node scripts/website-budgets.mjs [--runs 3]   (after: cd website && npm ci && npm run build)
// Chromium: /usr/bin/chromium, or CHROME_PATH.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEBSITE = path.join(REPOSITORY, 'website');
const DIST = path.join(WEBSITE, 'dist');
const LIGHTHOUSE_CLI = path.join(WEBSITE, 'node_modules', 'lighthouse', 'cli', 'index.js');
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const CHROME_FLAGS = '--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run';

/** 80 KB counted as 80,000 bytes, the stricter reading. */
const INITIAL_JS_BUDGET_BYTES = 80_000;
const MIN_SCORE = 0.95;
const PAGES = ['/', '/projects/spot-gpu-training-platform', '/contact'];
function runsOption(args) {
  const index = args.indexOf('--runs');
  if (index < 0) return 3;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 9) {
    console.error(`website-budgets: --runs must be a whole number from 1 to 9, got ${args[index + 1]}`);
    process.exit(2);
  }
  return value;
}

/** The median run by performance score (the upper middle one for an even count). */
export function medianRun(runs) {
  const sorted = [...runs].sort((a, b) => a.performance - b.performance);
  return sorted[Math.floor(sorted.length / 2)];
}

function fail(message) {
  console.error(`website-budgets: ${message}`);
  process.exit(2);
}

/** The scripts a first visit must download before the page runs: the entry and its preloads. */
export function initialScripts(indexHtml) {
  const scripts = [...indexHtml.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
  const preloads = [...indexHtml.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]);
  return [...new Set([...scripts, ...preloads])];
}

function measureInitialJs() {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const files = initialScripts(html);
  if (files.length === 0) fail('website/dist/index.html references no module script; is it a Vite build?');
  let total = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(DIST, file.replace(/^\//, '')));
    const gzipped = zlib.gzipSync(bytes, { level: 9 }).length;
    total += gzipped;
    console.log(`  ${file}: ${bytes.length} bytes, ${gzipped} bytes gzip`);
  }
  return total;
}

function lighthouse(url, outputPath) {
  return new Promise((resolve, reject) => {
    const args = [
      LIGHTHOUSE_CLI,
      url,
      '--output=json',
      `--output-path=${outputPath}`,
      '--only-categories=performance,accessibility',
      `--chrome-flags=${CHROME_FLAGS}`,
      '--quiet',
    ];
    const child = spawn(process.execPath, args, { env: { ...process.env, CHROME_PATH: CHROME }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`lighthouse ${url} exited with ${code}:\n${output}`));
      const report = JSON.parse(readFileSync(outputPath, 'utf8'));
      if (report.runtimeError) return reject(new Error(`lighthouse ${url}: ${report.runtimeError.message}`));
      const failing = Object.values(report.audits)
        .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'manual')
        .map((audit) => `${audit.id} (${audit.displayValue ?? audit.score})`);
      resolve({
        performance: report.categories.performance.score,
        accessibility: report.categories.accessibility.score,
        lcp: report.audits['largest-contentful-paint']?.displayValue,
        tbt: report.audits['total-blocking-time']?.displayValue,
        cls: report.audits['cumulative-layout-shift']?.displayValue,
        benchmarkIndex: Math.round(report.environment?.benchmarkIndex ?? 0),
        failing,
      });
    });
  });
}

async function main() {
  const RUNS = runsOption(process.argv.slice(2));
  if (!existsSync(path.join(DIST, 'index.html'))) fail('website/dist is missing: build it with (cd website && npm ci && npm run build)');
  let missed = 0;

  console.log('Initial JavaScript (gzip -9):');
  const initialJs = measureInitialJs();
  const jsOk = initialJs <= INITIAL_JS_BUDGET_BYTES;
  if (!jsOk) missed++;
  console.log(`initial JS: ${(initialJs / 1000).toFixed(1)} KB gzip (${initialJs} bytes), budget ${INITIAL_JS_BUDGET_BYTES / 1000} KB: ${jsOk ? 'ok' : 'MISSED'}`);

  if (!existsSync(CHROME)) fail(`no Chromium at ${CHROME} for Lighthouse (apt-get install -y chromium, or set CHROME_PATH)`);
  if (!existsSync(LIGHTHOUSE_CLI)) fail('website/node_modules has no lighthouse: run (cd website && npm ci)');

  const { startSiteServer } = await import(path.join(WEBSITE, 'e2e', 'serve.mjs'));
  const { startLocalApi } = await import(path.join(WEBSITE, 'e2e', 'localApi.mjs'));
  const api = await startLocalApi(REPOSITORY);
  const server = await startSiteServer({ root: DIST, apiOrigin: api.origin });
  const reports = mkdtempSync(path.join(os.tmpdir(), 'lighthouse-'));
  console.log(`\nLighthouse (mobile preset, median of ${RUNS} run${RUNS === 1 ? '' : 's'}) on ${server.url} with the local API:`);
  try {
    for (const page of PAGES) {
      const runs = [];
      for (let run = 0; run < RUNS; run++) {
        runs.push(await lighthouse(`${server.url}${page}`, path.join(reports, `${PAGES.indexOf(page)}-${run}.json`)));
      }
      const scores = medianRun(runs);
      const ok = scores.performance >= MIN_SCORE && scores.accessibility >= MIN_SCORE;
      if (!ok) missed++;
      console.log(
        `  ${page}: performance ${scores.performance.toFixed(2)}, accessibility ${scores.accessibility.toFixed(2)} ` +
          `(LCP ${scores.lcp}, TBT ${scores.tbt}, CLS ${scores.cls}, benchmark index ${scores.benchmarkIndex}), ` +
          `budget ${MIN_SCORE}: ${ok ? 'ok' : 'MISSED'}` +
          (RUNS > 1 ? `; performance of the runs: ${runs.map((r) => r.performance.toFixed(2)).join(', ')}` : ''),
      );
      if (scores.failing.length > 0) console.log(`    audits below 0.9: ${scores.failing.join(', ')}`);
    }
  } finally {
    await server.close();
    await api.stop();
    rmSync(reports, { recursive: true, force: true });
  }
  // The preset's 4x CPU slowdown assumes a fast, idle host (benchmark index 1500+); on a slower or
  // busy one the same page scores lower (TBT above all), so say so next to a miss.
  console.log(missed === 0 ? '\nwebsite budgets: all met' : `\nwebsite budgets: ${missed} missed`);
  if (missed > 0) {
    console.log(
      'A low benchmark index (under 1000) means a slow or busy machine: the preset throttles it 4x all the same, ' +
        'so re-measure on an idle one before reading a performance miss as a regression.',
    );
  }
  process.exit(missed === 0 ? 0 : 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => fail(error.stack ?? String(error)));
}
