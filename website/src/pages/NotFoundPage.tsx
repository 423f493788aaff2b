import { useTitle } from '../lib/useTitle';
import { Link, useLocation } from '../router';

/** An unknown path, or (`what="project"`) a project the API does not know. */
export function NotFoundPage({ what = 'page' }: { what?: 'page' | 'project' }) {
  const { pathname } = useLocation();
  useTitle(what === 'project' ? 'Project not found' : 'Page not found');
  return (
    <div className="not-found">
      <p className="eyebrow">404</p>
      <h1>{what === 'project' ? 'Project not found' : 'Page not found'}</h1>
      <p>
        There is nothing at <code>{pathname}</code>. It may have moved, or the link has a typo.
      </p>
      <p className="hero-actions">
        <Link className="button" to="/">
          Browse the projects
        </Link>
        <Link className="button secondary" to="/contact">
          Tell me about a broken link
        </Link>
      </p>
    </div>
  );
}
