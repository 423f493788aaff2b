import type { ProjectSummary } from '../data/types';

/** The home page's filter, as it appears in the URL: `?tag=aws&q=spot`. */
export interface Filters {
  tag: string | null;
  query: string;
}

export function parseFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const tag = params.get('tag')?.trim() || null;
  return { tag, query: params.get('q') ?? '' };
}

/** The query string for these filters ('' when none is set), tag first for stable URLs. */
export function filtersToSearch(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.query.trim()) params.set('q', filters.query);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** Lower case without accents, so "Résumé" matches "resume". */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The projects with the tag (if any) whose title, summary or tags contain every word of the
 * query, in their original order.
 */
export function filterProjects<P extends ProjectSummary>(projects: readonly P[], filters: Filters): P[] {
  const words = fold(filters.query).split(/\s+/).filter(Boolean);
  return projects.filter((project) => {
    if (filters.tag && !project.tags.includes(filters.tag)) return false;
    if (words.length === 0) return true;
    const haystack = fold([project.title, project.summary, ...project.tags].join(' '));
    return words.every((word) => haystack.includes(word));
  });
}

/** Every tag with its number of projects, most used first, then alphabetically. */
export function tagCounts(projects: readonly ProjectSummary[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const project of projects) {
    for (const tag of new Set(project.tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/** "machine-learning" -> "machine learning": tags are slugs, people read words. */
export function tagLabel(tag: string): string {
  return tag.replace(/-/g, ' ');
}
