import { useCallback, useSyncExternalStore } from 'react';

/** The page the demo shows, read from the URL hash (`#/checkout?price=...`) so every step has a shareable URL. */
export interface HashRoute {
  path: string;
  params: URLSearchParams;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashRoute(): [HashRoute, (to: string) => void] {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const [path = '/', query = ''] = hash.replace(/^#/, '').split('?');
  const navigate = useCallback((to: string) => {
    window.location.hash = to;
  }, []);
  return [{ path: path || '/', params: new URLSearchParams(query) }, navigate];
}
