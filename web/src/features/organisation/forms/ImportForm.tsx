/**
 * Nhập đơn vị từ tệp: the sub-units of this unit from an Excel or CSV file (the server's template). Every bad row is
 * listed with its line number; nothing is written until the whole file is right.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Form, Input, Modal, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ApiError, api, type Problem } from '../../../app/api';
import { FileDrop } from '../../../app/FileDrop';
import { dialogFooter } from '../../../app/FormDialog';
import { formatNumber } from '../../../app/format';
import { problemPlace as placeOf, useI18n } from '../../../app/i18n';
import { useInvalidateUnits } from '../queries';
import type { ActionFormProps } from './types';

export function ImportForm({ unit, open, onClose }: ActionFormProps) {
  const { t, lang, errorText, problemMessage } = useI18n();
  const problemPlace = (problem: Problem) => placeOf(problem, t, lang);
  const { message } = AntApp.useApp();
  const invalidate = useInvalidateUnits();
  const [file, setFile] = useState<File | null>(null);
  const [decisionNo, setDecisionNo] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ text: string; rows: { field: string; message: string }[] } | null>(
    null,
  );

  const close = () => {
    setFile(null);
    setError(null);
    onClose();
  };

  const submit = async () => {
    if (!file) {
      setError({ text: t('import.file.required'), rows: [] });
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const result = await api.importUnits(unit.id, file, decisionNo.trim() || undefined);
      void message.success(t('import.done', { count: formatNumber(result.created) }));
      await invalidate();
      close();
    } catch (err) {
      setError({ text: errorText(err), rows: err instanceof ApiError ? err.problems : [] });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('import.title', { unit: unit.name })}
      onCancel={close}
      destroyOnHidden
      width={640}
      footer={dialogFooter(
        { text: t('common.cancel'), onClick: close },
        { text: t('import.submit'), onClick: () => void submit(), loading: saving, testId: 'import-submit' },
      )}
    >
      <Typography.Paragraph type="secondary">{t('import.help')}</Typography.Paragraph>
      <Typography.Paragraph>
        <a href={api.templateUrl} download>
          <DownloadOutlined /> {t('import.template')}
        </a>
      </Typography.Paragraph>
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={error.text}
          description={
            error.rows.length > 0 ? (
              <div style={{ maxHeight: 220, overflow: 'auto' }} data-testid="import-problems">
                {error.rows.map((row, i) => (
                  <div key={i}>
                    <strong>{problemPlace(row) || row.field}</strong>: {problemMessage(row)}
                  </div>
                ))}
              </div>
            ) : undefined
          }
        />
      )}
      <FileDrop
        file={file}
        onPick={(chosen) => {
          setFile(chosen);
          setError(null);
        }}
        onRemove={() => setFile(null)}
        hint={t('import.drop.hint')}
      />
      <Form layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item label={t('event.decisionNo')}>
          <Input
            value={decisionNo}
            onChange={(e) => setDecisionNo(e.target.value)}
            maxLength={100}
            placeholder={t('event.decisionNo.placeholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
