/** What the catalogue editor's dialogs share: their field rows, and what follows a save. */
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { useI18n } from '../../app/i18n';
import { reportKeys } from './queries';

/** Fields side by side on a desk, one under the other on a phone. */
export const fieldRow = { display: 'flex', gap: 12, flexWrap: 'wrap' as const };

/** After a save: every report query (the entry form's catalogue among them) reads again. */
export function useCatalogueSaved() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  return async () => {
    void message.success(t('catalogue.saved'));
    await client.invalidateQueries({ queryKey: reportKeys.all });
  };
}
