// Data hooks: a resource loaded from the API with loading and error states, optionally polled
// (paused while the tab is hidden; a failed poll keeps the last data and shows the error).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/**
 * @param {() => Promise<any> | null} load the request, or null when there is nothing to load
 * @param {any[]} deps reload when these change
 * @param {{poll?: number}} options poll every `poll` milliseconds
 * @returns {{data: any, error: Error|null, loading: boolean, reload: () => void}}
 */
export function useResource(load, deps, { poll = 0 } = {}) {
  const [state, setState] = useState({ data: undefined, error: null, loading: true });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback((background) => {
    const mine = ++generation.current;
    const promise = loadRef.current();
    if (!promise) {
      setState({ data: undefined, error: null, loading: false });
      return;
    }
    if (!background) setState((s) => ({ ...s, loading: true }));
    promise.then(
      (data) => {
        if (mine === generation.current) setState({ data, error: null, loading: false });
      },
      (error) => {
        if (mine === generation.current) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
  }, []);

  useEffect(() => {
    setState({ data: undefined, error: null, loading: true });
    run(false);
    if (!poll) return undefined;
    let timer = null;
    const tick = () => {
      if (!document.hidden) run(true);
      timer = setTimeout(tick, poll);
    };
    timer = setTimeout(tick, poll);
    return () => clearTimeout(timer);
  }, deps);

  return { ...state, reload: () => run(true) };
}

/** A value that re-renders every `ms` (for countdowns). */
export function useTicker(ms) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}

/** An async action with pending and error state: run(args) returns the result or undefined. */
export function useAction(action) {
  const [state, setState] = useState({ pending: false, error: null, result: undefined });
  const run = async (...args) => {
    setState({ pending: true, error: null, result: undefined });
    try {
      const result = await action(...args);
      setState({ pending: false, error: null, result });
      return result;
    } catch (error) {
      setState({ pending: false, error, result: undefined });
      return undefined;
    }
  };
  return { ...state, run, reset: () => setState({ pending: false, error: null, result: undefined }) };
}
