import type { DataSource, Project, ProjectSummary } from './types';

/** The API did not give a usable answer: unreachable, timed out, 5xx, or not JSON. */
export class ApiUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiUnavailableError';
  }
}

type Fetch = typeof fetch;

export interface ApiOptions {
  fetchImpl?: Fetch;
  /** @default 6000 */
  timeoutMs?: number;
}

/** The list route's largest page (routes/README.md: limit 1..50). */
const PAGE_LIMIT = 50;
/** Guards against a cursor that never ends; 20 pages of 50 is far more than a portfolio holds. */
const MAX_PAGES = 20;
const DEFAULT_TIMEOUT_MS = 6000;

interface ApiErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

/**
 * GET a JSON document from the API. Anything that is not a JSON answer counts as "unavailable":
 * without an API, CloudFront answers /api/... with the site's index.html.
 */
async function getJson(path: string, options: ApiOptions): Promise<{ status: number; body: unknown }> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    const response = await fetchImpl(path, { headers: { accept: 'application/json' }, signal: controller.signal });
    if (response.status >= 500) throw new ApiUnavailableError(`${path} answered ${response.status}`);
    if (!isJson(response)) throw new ApiUnavailableError(`${path} did not answer JSON (status ${response.status})`);
    return { status: response.status, body: await response.json() };
  } catch (error) {
    if (error instanceof ApiUnavailableError) throw error;
    throw new ApiUnavailableError(`${path} failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

function isJson(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').toLowerCase().includes('application/json');
}

/** Every published project, newest first, following the list's cursor to the end. */
export async function fetchProjectList(options: ApiOptions = {}): Promise<ProjectSummary[]> {
  const projects: ProjectSummary[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: String(PAGE_LIMIT) });
    if (cursor) query.set('cursor', cursor);
    const { status, body } = await getJson(`/api/projects?${query}`, options);
    if (status !== 200 || !isProjectPage(body)) {
      throw new ApiUnavailableError(`/api/projects answered ${status} without a list of projects`);
    }
    projects.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) return projects;
  }
  throw new ApiUnavailableError(`/api/projects still had a next page after ${MAX_PAGES} pages`);
}

/** One project, or null when the API says it does not exist (404). */
export async function fetchProject(slug: string, options: ApiOptions = {}): Promise<Project | null> {
  const { status, body } = await getJson(`/api/projects/${encodeURIComponent(slug)}`, options);
  if (status === 404) return null;
  if (status !== 200 || !isProject(body)) {
    throw new ApiUnavailableError(`/api/projects/${slug} answered ${status} without a project`);
  }
  return body;
}

export interface Loaded<T> {
  value: T;
  source: DataSource;
}

/** The projects from the API, or the bundled copy when the API cannot answer. */
export async function loadProjects(options: ApiOptions = {}): Promise<Loaded<ProjectSummary[]>> {
  try {
    return { value: await fetchProjectList(options), source: 'api' };
  } catch (error) {
    if (!(error instanceof ApiUnavailableError)) throw error;
    const { bundledProjects } = await import('./bundled');
    return { value: bundledProjects, source: 'bundled' };
  }
}

/** One project from the API (null: it said 404), or from the bundled copy when it cannot answer. */
export async function loadProject(slug: string, options: ApiOptions = {}): Promise<Loaded<Project | null>> {
  try {
    return { value: await fetchProject(slug, options), source: 'api' };
  } catch (error) {
    if (!(error instanceof ApiUnavailableError)) throw error;
    const { bundledProjects } = await import('./bundled');
    return { value: bundledProjects.find((p) => p.slug === slug) ?? null, source: 'bundled' };
  }
}

export interface ContactInput {
  name: string;
  email: string;
  message: string;
  /** The honeypot: people never see it, so it stays empty. */
  website: string;
}

export type ContactOutcome =
  | { kind: 'received' }
  | { kind: 'invalid'; fieldErrors: Partial<Record<string, string>>; message: string }
  | { kind: 'rate-limited'; retryAfterSeconds: number | null }
  | { kind: 'failed'; message: string };

/** POST /api/contact; every answer of the contract becomes an outcome the form can show. */
export async function submitContact(input: ContactInput, options: ApiOptions = {}): Promise<ContactOutcome> {
  const fetchImpl = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl('/api/contact', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(input),
    });
  } catch {
    return { kind: 'failed', message: 'The message could not be sent: the network request failed.' };
  }
  if (response.status === 202) return { kind: 'received' };
  if (response.status === 429) {
    return { kind: 'rate-limited', retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), Date.now()) };
  }
  const body = isJson(response) ? await response.json().catch(() => null) : null;
  if (response.status === 422 && isApiError(body)) {
    const fieldErrors: Partial<Record<string, string>> = {};
    for (const detail of body.error.details ?? []) {
      fieldErrors[detail.field] ??= fieldMessage(detail.field, detail.message);
    }
    return { kind: 'invalid', fieldErrors, message: body.error.message };
  }
  const reason = isApiError(body) ? body.error.message : `the server answered ${response.status}`;
  return { kind: 'failed', message: `The message could not be sent: ${reason}.` };
}

/**
 * Seconds to wait from a Retry-After header, which is either a number of seconds or an HTTP date
 * (RFC 9110, section 10.2.3); null when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/**
 * The API's field messages name their field ("field 'email' must be ..."); next to the field's own
 * label that is noise, so the prefix goes and the rest starts with a capital.
 */
export function fieldMessage(field: string, message: string): string {
  const prefix = `field '${field}' `;
  const rest = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

function isApiError(body: unknown): body is ApiErrorBody {
  const error = (body as ApiErrorBody | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.message === 'string';
}

function isProjectPage(body: unknown): body is { items: ProjectSummary[]; nextCursor: string | null } {
  const page = body as { items?: unknown; nextCursor?: unknown } | null;
  return (
    !!page &&
    Array.isArray(page.items) &&
    page.items.every(isProjectSummary) &&
    (page.nextCursor === null || page.nextCursor === undefined || typeof page.nextCursor === 'string')
  );
}

function isProjectSummary(value: unknown): value is ProjectSummary {
  const p = value as Partial<ProjectSummary> | null;
  return (
    !!p &&
    typeof p.slug === 'string' &&
    typeof p.title === 'string' &&
    typeof p.summary === 'string' &&
    Array.isArray(p.tags) &&
    typeof p.publishedAt === 'string' &&
    Array.isArray(p.links) &&
    typeof p.image?.path === 'string'
  );
}

function isProject(value: unknown): value is Project {
  return isProjectSummary(value) && typeof (value as Project).body === 'string';
}
