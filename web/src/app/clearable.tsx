/**
 * The clear icon of a field, named in the reader's language: antd names it by its icon ("close-circle") in an input
 * and "Clear" in a select, which is what a screen reader would say.
 */
import { useMemo } from 'react';
import { CloseCircleFilled } from '@ant-design/icons';
import { useI18n } from './i18n';

/** `allowClear` for an Input and for a Select. */
export function useClearable() {
  const { t } = useI18n();
  return useMemo(
    () => ({
      input: { clearIcon: <CloseCircleFilled aria-label={t('common.clear')} /> },
      select: { clearIcon: <CloseCircleFilled aria-hidden />, label: t('common.clearChoice') },
    }),
    [t],
  );
}
