import content from '../../../content/projects.json';
import type { Project } from '../data/types';

/** The projects as the API serves them: newest first, like its byStatus index. */
export const apiProjects: Project[] = [...content.projects].sort((a, b) =>
  `${b.publishedAt}#${b.slug}`.localeCompare(`${a.publishedAt}#${a.slug}`),
);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export interface FakeApiOptions {
  /** Items per page of the list, to exercise the cursor. @default 3 */
  pageSize?: number;
  /** The answer to POST /api/contact. @default 202 received */
  contact?: () => Response;
}

/** A fetch that answers like the API of routes/README.md, from the repository's content file. */
export function fakeApi(options: FakeApiOptions = {}): typeof fetch & { calls: string[] } {
  const calls: string[] = [];
  const pageSize = options.pageSize ?? 3;
  const impl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://site.test');
    calls.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    if (url.pathname === '/api/projects') {
      const start = Number(url.searchParams.get('cursor') ?? '0');
      const items = apiProjects.slice(start, start + pageSize).map(({ body: _body, ...summary }) => summary);
      const next = start + pageSize < apiProjects.length ? String(start + pageSize) : null;
      return json(200, { items, nextCursor: next });
    }
    const detail = /^\/api\/projects\/([^/]+)$/.exec(url.pathname);
    if (detail) {
      const project = apiProjects.find((p) => p.slug === decodeURIComponent(detail[1]));
      return project ? json(200, project) : json(404, { error: { code: 'not_found', message: 'no such project' } });
    }
    if (url.pathname === '/api/contact' && init?.method === 'POST') {
      return options.contact ? options.contact() : json(202, { status: 'received' });
    }
    return json(404, { error: { code: 'not_found', message: `no route ${url.pathname}` } });
  };
  return Object.assign(impl, { calls }) as typeof fetch & { calls: string[] };
}

/** A fetch for a site without a reachable API. */
export const unreachable = (async () => {
  throw new TypeError('Failed to fetch');
}) as typeof fetch;
