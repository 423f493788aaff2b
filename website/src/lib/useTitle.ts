import { useEffect } from 'react';
import { SITE } from '../site';

/** Sets the document's title: what the tab, history and screen readers announce for the page. */
export function useTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · ${SITE.name}` : `${SITE.name} · ${SITE.role}`;
  }, [title]);
}
