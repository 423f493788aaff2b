import { useEffect, useRef } from 'react';
import { AboutPage } from './pages/AboutPage';
import { ContactPage } from './pages/ContactPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProjectPage } from './pages/ProjectPage';
import { Link, matchRoute, useLocation, type Route } from './router';
import { SITE } from './site';

const NAV: { to: string; label: string; route: Route['name'] }[] = [
  { to: '/', label: 'Projects', route: 'home' },
  { to: '/about', label: 'About', route: 'about' },
  { to: '/contact', label: 'Contact', route: 'contact' },
];

export function App() {
  const { pathname } = useLocation();
  const route = matchRoute(pathname);
  const main = useRef<HTMLElement>(null);
  const previousPath = useRef(pathname);

  // After an in-page navigation, move focus to the new content, as a full page load would,
  // so keyboard and screen reader users are not left on the link they followed.
  useEffect(() => {
    if (previousPath.current !== pathname) {
      previousPath.current = pathname;
      main.current?.focus({ preventScroll: true });
    }
  }, [pathname]);

  const current = route.name === 'project' ? 'home' : route.name;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="wrap header-inner">
          <Link className="brand" to="/">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>
            {SITE.name}
          </Link>
          <nav aria-label="Main">
            <ul className="nav-list">
              {NAV.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} aria-current={current === item.route ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="wrap">
        {renderRoute(route)}
      </main>
      <footer className="site-footer">
        <div className="wrap footer-inner">
          <p>
            {SITE.name} · {SITE.role}
          </p>
          <p>
            Served from S3 through CloudFront; <a href={SITE.sourceUrl}>source on GitHub</a>.
          </p>
        </div>
      </footer>
    </>
  );
}

function renderRoute(route: Route) {
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'project':
      // The key gives each project its own page state: no stale project while the next one loads.
      return <ProjectPage key={route.slug} slug={route.slug} />;
    case 'about':
      return <AboutPage />;
    case 'contact':
      return <ContactPage />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
