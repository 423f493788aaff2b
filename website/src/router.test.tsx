import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Link, matchRoute, useLocation } from './router';

describe('matchRoute', () => {
  it.each([
    ['/', { name: 'home' }],
    ['/about', { name: 'about' }],
    ['/about/', { name: 'about' }],
    ['/contact', { name: 'contact' }],
    ['/projects/spot-gpu-training-platform', { name: 'project', slug: 'spot-gpu-training-platform' }],
    ['/projects/spot-gpu-training-platform/', { name: 'project', slug: 'spot-gpu-training-platform' }],
    ['/projects', { name: 'not-found' }],
    ['/projects/Upper-Case', { name: 'not-found' }],
    ['/projects/a/b', { name: 'not-found' }],
    ['/projects/%E0%A4%A', { name: 'not-found' }],
    ['/no/such/page', { name: 'not-found' }],
    ['/index.html', { name: 'not-found' }],
  ])('%s', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });
});

function Where() {
  const { pathname, search } = useLocation();
  return <output>{pathname + search}</output>;
}

describe('Link', () => {

  it('navigates in place on a plain click', () => {
    render(
      <>
        <Link to="/about?x=1">About</Link>
        <Where />
      </>,
    );
    fireEvent.click(screen.getByRole('link', { name: 'About' }));
    expect(window.location.pathname).toBe('/about');
    expect(screen.getByRole('status').textContent).toBe('/about?x=1');
  });

  it('leaves a modified click (new tab) to the browser', () => {
    render(<Link to="/about">About</Link>);
    const notPrevented = fireEvent.click(screen.getByRole('link', { name: 'About' }), { ctrlKey: true });
    // Not prevented: the browser's own handling (here, a new tab) goes ahead.
    expect(notPrevented).toBe(true);
  });

  it('follows back and forward', () => {
    render(<Where />);
    window.history.pushState(null, '', '/contact');
    fireEvent(window, new PopStateEvent('popstate'));
    expect(screen.getByRole('status').textContent).toBe('/contact');
  });
});
