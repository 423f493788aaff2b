import { useId } from 'react';
import { loadProjects } from '../data/api';
import { filterProjects, filtersToSearch, parseFilters, tagCounts, tagLabel, type Filters } from '../lib/filters';
import { useLoad } from '../lib/useLoad';
import { navigate, useLocation } from '../router';
import { ProjectCard } from './ProjectCard';

/** Cards in the first screen on a phone and a desktop; the rest load their images lazily. */
const EAGER_CARDS = 3;

/** The project grid with its tag filter and search, both kept in the URL (`?tag=&q=`). */
export function ProjectBrowser() {
  const { search } = useLocation();
  const filters = parseFilters(search);
  const [state, retry] = useLoad('projects', () => loadProjects());
  const searchId = useId();

  function update(next: Filters, replace: boolean) {
    navigate(`/${filtersToSearch(next)}`, { replace });
  }

  if (state.status === 'loading') {
    return (
      <div className="browser" aria-busy="true">
        <p role="status" className="status">
          Loading projects…
        </p>
        <ul className="grid" aria-hidden="true">
          {Array.from({ length: EAGER_CARDS }, (_, i) => (
            <li key={i} className="card skeleton" />
          ))}
        </ul>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="browser" role="alert">
        <p className="status">The projects could not be loaded: {state.message}</p>
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }

  const { value: projects, source } = state.value;
  const shown = filterProjects(projects, filters);
  const tags = tagCounts(projects);
  const filtered = filters.tag !== null || filters.query.trim() !== '';

  return (
    <div className="browser">
      <div className="controls">
        <div className="search">
          <label htmlFor={searchId}>Search projects</label>
          <input
            id={searchId}
            type="search"
            placeholder="e.g. spot, react, cuda"
            value={filters.query}
            autoComplete="off"
            onChange={(event) => update({ ...filters, query: event.target.value }, true)}
          />
        </div>
        <div className="tag-filter" role="group" aria-label="Filter by tag">
          <button type="button" className="chip" aria-pressed={filters.tag === null} onClick={() => update({ ...filters, tag: null }, false)}>
            All
          </button>
          {tags.map(({ tag, count }) => (
            <button
              key={tag}
              type="button"
              className="chip"
              aria-pressed={filters.tag === tag}
              onClick={() => update({ ...filters, tag: filters.tag === tag ? null : tag }, false)}
            >
              {tagLabel(tag)} <span className="chip-count">{count}</span>
            </button>
          ))}
        </div>
      </div>

      <p role="status" className="status">
        {describeResult(shown.length, projects.length, filters)}
      </p>
      {source === 'bundled' && (
        <p className="note">The live project list could not be reached, so this is the copy published with the site.</p>
      )}

      {shown.length > 0 ? (
        <ul className="grid">
          {shown.map((project, index) => (
            <li key={project.slug}>
              <ProjectCard project={project} eager={index < EAGER_CARDS} />
            </li>
          ))}
        </ul>
      ) : (
        <div className="empty">
          <p>No project matches these filters.</p>
          {filtered && (
            <button type="button" className="button" onClick={() => update({ tag: null, query: '' }, false)}>
              Show all projects
            </button>
          )}
        </div>
      )}
    </div>
  );
}

export function describeResult(shown: number, total: number, filters: Filters): string {
  const noun = (n: number) => (n === 1 ? 'project' : 'projects');
  if (filters.tag === null && filters.query.trim() === '') return `${total} ${noun(total)}`;
  const parts = [];
  if (filters.tag !== null) parts.push(`tagged “${tagLabel(filters.tag)}”`);
  if (filters.query.trim() !== '') parts.push(`matching “${filters.query.trim()}”`);
  return `${shown} of ${total} ${noun(total)} ${parts.join(' and ')}`;
}
