import type { UnitAtDateView, UnitDetail } from '../../../app/contract';

/** What every action form on the unit page receives. */
export interface ActionFormProps {
  unit: UnitDetail['unit'];
  /** The unit as of the page's date (parent, counts), when it was active then. */
  atDate: UnitAtDateView | null;
  /** The page's as-of date (ISO). */
  at: string;
  open: boolean;
  onClose: () => void;
}
