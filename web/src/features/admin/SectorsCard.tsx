/**
 * Khu vực: the sectors a unit may be in, each with its dates. Everyone reads them; system administrators edit them
 * (PUT /api/sectors/:sectorId). A unit's sector must apply on the day it is set.
 */
import { api } from '../../app/api';
import type { SectorView } from '../../app/contract';
import { useI18n } from '../../app/i18n';
import { useSectors } from '../../app/labels';
import { DatedListEditor, type DatedValues } from './DatedListEditor';

/** The sectors with their names in both languages and their dates; editable by system administrators. */
export function SectorsCard() {
  const { t } = useI18n();
  const sectors = useSectors();
  return (
    <DatedListEditor<SectorView, DatedValues>
      entries={sectors.data?.sectors ?? []}
      loading={sectors.isLoading}
      error={sectors.error}
      title={t('sectors.title')}
      testId="sectors"
      style={{ marginTop: 16 }}
      createLabel={t('sectors.create')}
      nameTitle={t('sectors.name')}
      widths={{ short: 160, validity: 180 }}
      dialog={{
        idLabel: t('sectors.id'),
        idRequired: t('common.required'),
        idFlex: '1 1 180px',
        createTitle: t('sectors.create'),
        editTitle: (name) => t('sectors.edit', { name }),
        initial: () => ({}),
        save: (id, fields) => api.saveSector(id, fields),
        saved: t('sectors.saved'),
        queryKey: ['sectors'],
      }}
    />
  );
}
