/**
 * The unit the user works as: one of the top units of their scope (GET /api/units/roots), always shown in the
 * header and switchable; the choice is kept per user in localStorage.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import { useMe } from './auth';
import type { UnitAtDateView } from './contract';

interface CurrentUnitValue {
  units: UnitAtDateView[];
  unit: UnitAtDateView | null;
  setUnitId: (unitId: string) => void;
  isLoading: boolean;
  error: unknown;
}

const CurrentUnitContext = createContext<CurrentUnitValue | null>(null);

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function CurrentUnitProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const storageKey = `congdoan.unit.${me.id}`;
  const [chosen, setChosen] = useState<string | null>(() => read(storageKey));
  const roots = useQuery({ queryKey: ['units', 'roots', 'today'], queryFn: () => api.roots() });

  const setUnitId = useCallback(
    (unitId: string) => {
      setChosen(unitId);
      try {
        localStorage.setItem(storageKey, unitId);
      } catch {
        // Storage refused: the choice lasts for this page only.
      }
    },
    [storageKey],
  );

  const value = useMemo<CurrentUnitValue>(() => {
    const units = roots.data?.units ?? [];
    const unit = units.find((u) => u.id === chosen) ?? units[0] ?? null;
    return { units, unit, setUnitId, isLoading: roots.isLoading, error: roots.error };
  }, [roots.data, roots.isLoading, roots.error, chosen, setUnitId]);

  return <CurrentUnitContext.Provider value={value}>{children}</CurrentUnitContext.Provider>;
}

export function useCurrentUnit(): CurrentUnitValue {
  const value = useContext(CurrentUnitContext);
  if (!value) throw new Error('useCurrentUnit outside CurrentUnitProvider');
  return value;
}
