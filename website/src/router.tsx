import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A router of a few lines instead of a library: five routes do not need one, and the site's
 * initial JavaScript has a budget (80 KB gzip).
 */
export type Route =
  | { name: 'home' }
  | { name: 'project'; slug: string }
  | { name: 'about' }
  | { name: 'contact' }
  | { name: 'not-found' };

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

/** The route for a path; anything unknown (or a malformed slug) is the not-found page. */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '') return { name: 'home' };
  if (path === '/about') return { name: 'about' };
  if (path === '/contact') return { name: 'contact' };
  const project = /^\/projects\/([^/]+)$/.exec(path);
  if (project) {
    const slug = safeDecode(project[1]);
    if (slug !== null && SLUG.test(slug)) return { name: 'project', slug };
  }
  return { name: 'not-found' };
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function currentHref(): string {
  return window.location.pathname + window.location.search;
}

/** The current path and query string; re-renders on navigation and on back/forward. */
export function useLocation(): { pathname: string; search: string } {
  const href = useSyncExternalStore(subscribe, currentHref, currentHref);
  const queryStart = href.indexOf('?');
  return queryStart < 0
    ? { pathname: href, search: '' }
    : { pathname: href.slice(0, queryStart), search: href.slice(queryStart) };
}

export interface NavigateOptions {
  /** Replace the current history entry (typing in a search box) instead of adding one. @default false */
  replace?: boolean;
}

export function navigate(to: string, options: NavigateOptions = {}): void {
  if (to === currentHref()) return;
  const pathChanged = new URL(to, window.location.href).pathname !== window.location.pathname;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  // A new page starts at its top; a new filter on the same page keeps the reader where they are.
  if (pathChanged) window.scrollTo(0, 0);
  listeners.forEach((listener) => listener());
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** An ordinary link (middle-click, new tab and copy still work) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      (rest.target && rest.target !== '_self')
    ) {
      return;
    }
    event.preventDefault();
    navigate(to);
  }
  return <a href={to} onClick={handleClick} {...rest} />;
}
