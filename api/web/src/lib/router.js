// A small client-side router over the History API: routes are path patterns with :params; links
// are ordinary <a href> elements (clicks on same-origin links are taken over, so pages keep state
// and deep links still work because the API serves index.html for unknown paths).
import { useEffect, useState } from 'preact/hooks';

/** Compiles "/jobs/:id" into a matcher returning {id} or null. */
export function compile(pattern) {
  const names = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  const regex = new RegExp(`^${source}/?$`);
  return (path) => {
    const match = regex.exec(path);
    if (!match) return null;
    const params = {};
    names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1]);
    });
    return params;
  };
}

/** The first route whose pattern matches: {route, params} or null. */
export function resolve(routes, path) {
  for (const route of routes) {
    const params = route.match(path);
    if (params) return { route, params };
  }
  return null;
}

function current() {
  return { path: window.location.pathname, search: window.location.search };
}

const listeners = new Set();

export function navigate(to, { replace = false } = {}) {
  if (replace) window.history.replaceState({}, '', to);
  else window.history.pushState({}, '', to);
  listeners.forEach((listener) => listener(current()));
  window.scrollTo(0, 0);
}

/** The current location; re-renders on navigation. */
export function useLocation() {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    listeners.add(setLocation);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(setLocation);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}

/** Takes over clicks on same-origin links (not with a modifier key, not target=_blank). */
export function interceptLinks(root) {
  root.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.target.closest?.('a[href]');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    if (url.pathname.startsWith('/v1/') || url.pathname === '/openapi.json') return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
}
