import { ProjectBrowser } from '../components/ProjectBrowser';
import { useTitle } from '../lib/useTitle';
import { Link } from '../router';
import { SITE } from '../site';

export function HomePage() {
  useTitle(null);
  return (
    <>
      <section className="hero" aria-labelledby="intro-title">
        <p className="eyebrow">{SITE.role}</p>
        <h1 id="intro-title">
          I build platforms that train models on spare capacity and ship software <span className="accent">without surprises</span>.
        </h1>
        <p className="lede">
          Spot GPU fleets that never lose a job, builds that run only when their content changed, and a policy gate that every
          deployment has to pass. Below is the work, with the reasoning behind it.
        </p>
        <p className="hero-actions">
          <a className="button" href="#projects">
            See the projects
          </a>
          <Link className="button secondary" to="/contact">
            Get in touch
          </Link>
        </p>
      </section>

      <section id="projects" className="projects" aria-labelledby="projects-title">
        <h2 id="projects-title">Projects</h2>
        <ProjectBrowser />
      </section>
    </>
  );
}
