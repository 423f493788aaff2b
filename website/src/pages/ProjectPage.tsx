import { TagList } from '../components/TagList';
import { loadProject } from '../data/api';
import { fullDate } from '../lib/dates';
import { useLoad } from '../lib/useLoad';
import { useTitle } from '../lib/useTitle';
import { Link } from '../router';
import { NotFoundPage } from './NotFoundPage';

export function ProjectPage({ slug }: { slug: string }) {
  const [state, retry] = useLoad(`project:${slug}`, () => loadProject(slug));
  const project = state.status === 'ready' ? state.value.value : null;
  useTitle(project ? project.title : state.status === 'loading' ? 'Loading project' : null);

  if (state.status === 'loading') {
    return (
      <div className="project" aria-busy="true">
        <p role="status" className="status">
          Loading the project…
        </p>
        <div className="skeleton skeleton-title" aria-hidden="true" />
        <div className="skeleton skeleton-image" aria-hidden="true" />
      </div>
    );
  }

  if (state.status === 'error' || (project === null && state.value.source === 'bundled')) {
    // Without the API we cannot tell a project that does not exist from one published since the build.
    return (
      <div className="project" role="alert">
        <h1>This project could not be loaded</h1>
        <p>The project list is out of reach just now. Please try again in a moment.</p>
        <p className="hero-actions">
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
          <Link className="button secondary" to="/">
            All projects
          </Link>
        </p>
      </div>
    );
  }

  if (project === null) return <NotFoundPage what="project" />;

  const paragraphs = project.body.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  return (
    <article className="project" aria-labelledby="project-title">
      <p className="back">
        <Link to="/">← All projects</Link>
      </p>
      <h1 id="project-title">{project.title}</h1>
      <p className="meta">
        Published <time dateTime={project.publishedAt}>{fullDate(project.publishedAt)}</time>
        {project.updatedAt !== project.publishedAt && (
          <>
            {' · '}updated <time dateTime={project.updatedAt}>{fullDate(project.updatedAt)}</time>
          </>
        )}
      </p>
      <p className="lede">{project.summary}</p>
      <TagList tags={project.tags} label="Tags" />
      <img className="project-image" src={project.image.path} alt={project.image.alt} width={320} height={180} />
      <div className="prose">
        {paragraphs.map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
      </div>
      {project.links.length > 0 && (
        <section aria-labelledby="links-title">
          <h2 id="links-title">Links</h2>
          <ul className="link-list">
            {project.links.map((link) => (
              <li key={link.url}>
                <a href={link.url} rel="noopener noreferrer">
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {state.value.source === 'bundled' && <p className="note">Shown from the copy published with the site.</p>}
    </article>
  );
}
