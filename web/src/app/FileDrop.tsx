/** One file to upload, dropped or chosen (Excel or CSV); it stays in the browser until the form sends it. */
import type { ReactNode } from 'react';
import { Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useI18n } from './i18n';

export function FileDrop({
  file,
  onPick,
  onRemove,
  hint,
  testId,
}: {
  file: File | null;
  onPick: (file: File) => void;
  onRemove: () => void;
  hint: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Upload.Dragger
      accept=".xlsx,.csv"
      maxCount={1}
      beforeUpload={(chosen) => {
        onPick(chosen);
        return false;
      }}
      onRemove={onRemove}
      fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
      data-testid={testId}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{t('import.drop')}</p>
      <p className="ant-upload-hint">{hint}</p>
    </Upload.Dragger>
  );
}
