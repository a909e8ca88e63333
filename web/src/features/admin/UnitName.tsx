/** A unit's name from its id (the users list carries only ids); cached with the unit page's reads. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import { todayIso } from '../../app/format';

export function UnitName({ unitId, known }: { unitId: string; known?: string | undefined }) {
  const at = todayIso();
  const unit = useQuery({
    queryKey: ['units', unitId, 'detail', at],
    queryFn: () => api.unit(unitId, at),
    enabled: !known,
    staleTime: 5 * 60_000,
  });
  return <>{known || unit.data?.unit.shortName || unit.data?.unit.name || '…'}</>;
}
