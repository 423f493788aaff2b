import { useCallback, useEffect, useState } from 'react';

export type LoadState<T> =
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; message: string };

/**
 * Runs `load` when `key` changes and keeps the latest answer only (a slow answer for a page the
 * reader already left is dropped). `retry` runs it again.
 */
export function useLoad<T>(key: string, load: () => Promise<T>): [LoadState<T>, () => void] {
  const [state, setState] = useState<{ key: string; attempt: number; result: LoadState<T> }>({
    key,
    attempt: 0,
    result: { status: 'loading' },
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setState({ key, attempt, result: { status: 'ready', value } }),
      (error: unknown) =>
        current && setState({ key, attempt, result: { status: 'error', message: (error as Error).message ?? String(error) } }),
    );
    return () => {
      current = false;
    };
    // `load` is a new function on every render; `key` names what it loads.
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  // Until the effect has run for a new key, the previous key's answer must not show.
  const result: LoadState<T> = state.key === key && state.attempt === attempt ? state.result : { status: 'loading' };
  return [result, retry];
}
