import { describe, expect, it } from 'vitest';
import { apiProjects, fakeApi, json, unreachable } from '../test/fakeApi';
import { fetchProjectList, fieldMessage, loadProject, loadProjects, parseRetryAfter, submitContact } from './api';

const slugs = apiProjects.map((p) => p.slug);

describe('the project list', () => {
  it('follows the cursor to the last page', async () => {
    const fetchImpl = fakeApi({ pageSize: 3 });
    const projects = await fetchProjectList({ fetchImpl });
    expect(projects.map((p) => p.slug)).toEqual(slugs);
    expect(fetchImpl.calls).toEqual([
      'GET /api/projects?limit=50',
      'GET /api/projects?limit=50&cursor=3',
      'GET /api/projects?limit=50&cursor=6',
    ]);
  });

  it('comes from the API when it answers', async () => {
    const loaded = await loadProjects({ fetchImpl: fakeApi() });
    expect(loaded.source).toBe('api');
    expect(loaded.value).toHaveLength(apiProjects.length);
  });

  it.each([
    ['unreachable', unreachable],
    ['answering 502', (async () => json(502, { message: 'Bad Gateway' })) as typeof fetch],
    // Without an API, CloudFront's SPA rewrite answers /api/projects with index.html.
    ['answering HTML', (async () => new Response('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html' } })) as typeof fetch],
    ['answering a wrong shape', (async () => json(200, { projects: [] })) as typeof fetch],
  ])('falls back to the bundled copy, newest first, when the API is %s', async (_, fetchImpl) => {
    const loaded = await loadProjects({ fetchImpl });
    expect(loaded.source).toBe('bundled');
    expect(loaded.value.map((p) => p.slug)).toEqual(slugs);
  });

  it('gives up waiting after the timeout and falls back', async () => {
    const hanging = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof fetch;
    const loaded = await loadProjects({ fetchImpl: hanging, timeoutMs: 20 });
    expect(loaded.source).toBe('bundled');
  });
});

describe('one project', () => {
  it('comes from the API, with its body', async () => {
    const loaded = await loadProject('policy-as-code-gate', { fetchImpl: fakeApi() });
    expect(loaded).toMatchObject({ source: 'api', value: { slug: 'policy-as-code-gate' } });
    expect(loaded.value?.body).toContain('\n\n');
  });

  it('is null when the API says 404, even if the bundle has it', async () => {
    const fetchImpl = (async () => json(404, { error: { code: 'not_found', message: 'no such project' } })) as typeof fetch;
    expect(await loadProject('policy-as-code-gate', { fetchImpl })).toEqual({ source: 'api', value: null });
  });

  it('comes from the bundle when the API is unreachable', async () => {
    const loaded = await loadProject('efficient-data-pipeline', { fetchImpl: unreachable });
    expect(loaded).toMatchObject({ source: 'bundled', value: { slug: 'efficient-data-pipeline' } });
    expect(await loadProject('not-bundled', { fetchImpl: unreachable })).toEqual({ source: 'bundled', value: null });
  });
});

describe('the contact form', () => {
  const input = { name: 'Ada', email: 'ada@example.com', message: 'Hello', website: '' };

  it('sends the four fields of the contract as JSON', async () => {
    let sent: RequestInit | undefined;
    const fetchImpl = (async (_: RequestInfo | URL, init?: RequestInit) => {
      sent = init;
      return json(202, { status: 'received' });
    }) as typeof fetch;
    expect(await submitContact(input, { fetchImpl })).toEqual({ kind: 'received' });
    expect(sent?.method).toBe('POST');
    expect(JSON.parse(String(sent?.body))).toEqual(input);
  });

  it('maps the 422 details to their fields', async () => {
    const fetchImpl = (async () =>
      json(422, {
        error: {
          code: 'invalid_request',
          message: 'the request has 1 invalid field',
          details: [{ field: 'email', message: "field 'email' must be an email address like name@example.com, got 'bob@'" }],
        },
      })) as typeof fetch;
    expect(await submitContact(input, { fetchImpl })).toEqual({
      kind: 'invalid',
      fieldErrors: { email: "Must be an email address like name@example.com, got 'bob@'" },
      message: 'the request has 1 invalid field',
    });
  });

  it('reads Retry-After on 429', async () => {
    const fetchImpl = (async () => json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '120' })) as typeof fetch;
    expect(await submitContact(input, { fetchImpl })).toEqual({ kind: 'rate-limited', retryAfterSeconds: 120 });
  });

  it('says why when it fails', async () => {
    expect(await submitContact(input, { fetchImpl: unreachable })).toEqual({
      kind: 'failed',
      message: 'The message could not be sent: the network request failed.',
    });
    const fetchImpl = (async () => new Response('oops', { status: 500 })) as typeof fetch;
    expect(await submitContact(input, { fetchImpl })).toEqual({
      kind: 'failed',
      message: 'The message could not be sent: the server answered 500.',
    });
  });
});

describe('helpers', () => {
  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Tue, 01 Dec 2026 12:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter('Tue, 01 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });

  it("drops the API's own field name from a message shown next to that field", () => {
    expect(fieldMessage('name', "field 'name' is required")).toBe('Is required');
    expect(fieldMessage('name', 'too long')).toBe('Too long');
  });
});
