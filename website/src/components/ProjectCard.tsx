import type { ProjectSummary } from '../data/types';
import { monthYear } from '../lib/dates';
import { Link } from '../router';
import { TagList } from './TagList';

interface ProjectCardProps {
  project: ProjectSummary;
  /** The first cards are in the first screen: load their images at once. @default false */
  eager?: boolean;
}

export function ProjectCard({ project, eager = false }: ProjectCardProps) {
  const href = `/projects/${encodeURIComponent(project.slug)}`;
  const titleId = `card-title-${project.slug}`;
  return (
    <article className="card" aria-labelledby={titleId}>
      <img
        className="card-image"
        src={project.image.path}
        alt={project.image.alt}
        width={320}
        height={180}
        loading={eager ? 'eager' : 'lazy'}
        decoding="async"
      />
      <div className="card-body">
        <p className="card-date">
          <time dateTime={project.publishedAt}>{monthYear(project.publishedAt)}</time>
        </p>
        <h3 className="card-title" id={titleId}>
          <Link to={href}>{project.title}</Link>
        </h3>
        <p className="card-summary">{project.summary}</p>
        <TagList tags={project.tags} label={`Tags of ${project.title}`} />
        {project.links.length > 0 && (
          <ul className="card-links" aria-label={`Links for ${project.title}`}>
            {project.links.map((link) => (
              <li key={link.url}>
                <a href={link.url} rel="noopener noreferrer">
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
    </article>
  );
}
