import { useTitle } from '../lib/useTitle';
import { Link } from '../router';
import { SITE } from '../site';

export function AboutPage() {
  useTitle('About');
  return (
    <article className="about" aria-labelledby="about-title">
      <h1 id="about-title">About</h1>
      <p className="lede">
        I am an engineer who likes the unglamorous parts: the deploy that cannot half-fail, the cache key that is never wrong,
        the bill that matches the estimate.
      </p>
      <div className="prose">
        <p>
          Most of my work sits where cloud infrastructure meets machine learning. I design training platforms that run on spot
          capacity without losing work, build systems that skip what has not changed, and guardrails that make the secure
          choice the easy one.
        </p>
        <p>
          This site is part of that work. It is a small React application served privately from S3 through CloudFront, with its
          data behind an API of one function per route, all of it described in one infrastructure program and checked against
          a written policy before anything is deployed. Its source is <a href={SITE.sourceUrl}>public</a>.
        </p>
      </div>
      <h2>How I work</h2>
      <ul className="principles">
        <li>
          <strong>Measure first.</strong> A budget in a test beats an opinion in a review.
        </li>
        <li>
          <strong>Fail early and say why.</strong> Every error names the value it got and the value it expected.
        </li>
        <li>
          <strong>Boring by default.</strong> Encryption, least privilege and logs are not options to remember.
        </li>
      </ul>
      <p className="hero-actions">
        <Link className="button" to="/contact">
          Get in touch
        </Link>
        <a className="button secondary" href={SITE.githubUrl}>
          GitHub
        </a>
      </p>
    </article>
  );
}
