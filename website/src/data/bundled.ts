import content from '../../../content/projects.json';
import type { Project } from './types';

/**
 * The portfolio's content as it was at build time (the same file the API's table is loaded
 * from), newest first like the API's list. Loaded in its own chunk, only when the API cannot answer.
 */
export const bundledProjects: Project[] = [...content.projects].sort(newestFirst);

function newestFirst(a: Project, b: Project): number {
  if (a.publishedAt !== b.publishedAt) return a.publishedAt < b.publishedAt ? 1 : -1;
  return a.slug < b.slug ? 1 : -1;
}
