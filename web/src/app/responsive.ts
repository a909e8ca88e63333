import { Grid } from 'antd';
import { useSyncExternalStore } from 'react';

/** True below 768px, where the side menu becomes a drawer and tables become cards. */
export function useIsMobile(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/**
 * True when the person asked their system for less motion (an accessibility setting; also what slow phones are often
 * set to): the app then opens drawers, dialogs and menus at once instead of sliding them in.
 */
export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(REDUCED_MOTION);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(REDUCED_MOTION).matches,
    () => false,
  );
}
