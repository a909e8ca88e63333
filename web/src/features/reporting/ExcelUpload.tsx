/**
 * "Nhập từ tệp Excel" on the report screens: a button that sends the chosen file at once (with the options beside it
 * ticked), then the outcome under it: what was written, or the file's problems one a line ("Dòng 5, cột "…": …") as
 * the server named them, nothing having been written.
 */
import { useState, type ReactNode } from 'react';
import { Alert, Button, Checkbox, Space, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { ApiError, type Problem } from '../../app/api';
import { formatNumber } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useIsMobile } from '../../app/responsive';
import { importProblemText } from './import-problems';

/** The list shows this many problems; the rest are counted. */
const LISTED = 50;

export interface UploadOption {
  key: string;
  label: string;
  /** The tick box's test id. */
  testId: string;
}

type Outcome = { ok: true; text: string } | { ok: false; text: string; problems: Problem[] };

export function ExcelUpload({
  label,
  options = [],
  send,
  testId,
}: {
  label: string;
  /** Tick boxes sent with the file (e.g. submit, approve). */
  options?: UploadOption[];
  /** Sends the file with the ticked options; answers the success text. */
  send: (file: File, ticked: Record<string, boolean>) => Promise<string>;
  testId: string;
}) {
  const { t, lang, errorTitle } = useI18n();
  const mobile = useIsMobile();
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ ok: true, text: await send(file, ticked) });
    } catch (error) {
      setOutcome({
        ok: false,
        // The message alone: its problems are listed under it.
        text: errorTitle(error),
        problems: error instanceof ApiError ? error.problems : [],
      });
    } finally {
      setBusy(false);
    }
  };

  let result: ReactNode = null;
  if (outcome?.ok)
    result = (
      <Alert
        type="success"
        showIcon
        closable
        onClose={() => setOutcome(null)}
        title={outcome.text}
        data-testid={`${testId}-done`}
      />
    );
  else if (outcome) {
    const listed = outcome.problems.slice(0, LISTED);
    result = (
      <Alert
        type="error"
        showIcon
        closable
        onClose={() => setOutcome(null)}
        title={outcome.text}
        data-testid={`${testId}-failed`}
        description={
          listed.length > 0 && (
            <>
              <div>{t('reportImport.nothingWritten')}</div>
              <ul style={{ margin: '4px 0 0', paddingLeft: 20, overflowWrap: 'anywhere' }}>
                {listed.map((p, n) => (
                  <li key={n} data-testid={`${testId}-problem`}>
                    {importProblemText(p, t, lang)}
                  </li>
                ))}
              </ul>
              {outcome.problems.length > LISTED && (
                <div>{t('reportImport.more', { count: formatNumber(outcome.problems.length - LISTED) })}</div>
              )}
            </>
          )
        }
      />
    );
  }

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap size={[12, 4]}>
        <Upload
          accept=".xlsx"
          showUploadList={false}
          maxCount={1}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} data-testid={testId} block={mobile}>
            {label}
          </Button>
        </Upload>
        {options.map((o) => (
          <Checkbox
            key={o.key}
            checked={ticked[o.key] ?? false}
            onChange={(e) => setTicked({ ...ticked, [o.key]: e.target.checked })}
            // A finger's 40 px: the whole line is the box's label.
            style={{ minHeight: 40, alignItems: 'center' }}
            data-testid={o.testId}
          >
            {o.label}
          </Checkbox>
        ))}
      </Space>
      {result}
    </Space>
  );
}
