import { Grid } from 'antd';

/** True below 768px, where the side menu becomes a drawer and tables become cards. */
export function useIsMobile(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}
