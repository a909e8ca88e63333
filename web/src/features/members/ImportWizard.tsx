/**
 * Nhập đoàn viên từ Excel, in four steps: 1 the template, 2 the file and how to import it (propose for approval, or
 * straight into the list for a unit that admits), 3 the server's progress (polled), 4 the result — or every problem
 * of the file in a searchable table (and as an .xlsx to download), with the assurance that nothing was written.
 * The unit is a CĐCS, or an upper union whose file names each row's CĐCS ("Mã CĐCS"): the result then says how many
 * rows went to each CĐCS.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Form,
  Input,
  Modal,
  Progress,
  Radio,
  Result,
  Space,
  Steps,
  Table,
  Typography,
} from 'antd';
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { ApiError, type Problem } from '../../app/api';
import { useCurrentUnit } from '../../app/current-unit';
import { FileDrop } from '../../app/FileDrop';
import { dialogFooter, PHONE_DIALOG_STYLE } from '../../app/FormDialog';
import { foldVietnamese, formatNumber, todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useClearable } from '../../app/clearable';
import { useIsMobile } from '../../app/responsive';
import { api } from '../../app/api';
import {
  MEMBER_UNIT_MIN_LEVEL,
  type ImportMode,
  type MemberImportJob,
  type MemberImportResult,
} from '../../app/contract';
import { unitKeys, useChildren } from '../organisation/queries';
import { membersApi, saveFile } from './api';
import { MemberUnitSelect, type UnitChoice } from './MemberUnitSelect';
import { useInvalidateMembers, useMemberRights, useTypeFacts } from './queries';

const POLL_MS = 500;

export interface ProblemRow {
  key: number;
  row: number | null;
  field: string;
  message: string;
}

/** How many rows of the file are bad and how many problems they have; the table lists the first `listed`. */
export interface ProblemSummary {
  badRows: number;
  problems: number;
}

/**
 * The import's problems as table rows: an import's problems come as data (row as Excel shows it, column header); a
 * form-like problem ("people.5.cccd") names its row and field by its path.
 */
export function problemRows(problems: readonly Problem[], lang: 'vi' | 'en' = 'vi'): ProblemRow[] {
  return problems.map((p, key) => {
    const message = lang === 'en' && p.messageEn ? p.messageEn : p.message;
    if (p.row !== undefined) return { key, row: p.row, field: p.column ?? '', message };
    const parts = p.field.split('.').filter(Boolean);
    const number = parts.find((part) => /^\d+$/.test(part));
    const column = [...parts].reverse().find((part) => !/^\d+$/.test(part)) ?? '';
    return { key, row: number === undefined ? null : Number(number), field: column, message };
  });
}

/** The problem list as an .xlsx file (row, column, message), built in the browser: the list is already here. */
async function downloadProblems(
  rows: readonly ProblemRow[],
  headers: [string, string, string],
  fileName: string,
) {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(headers[2].slice(0, 31));
  sheet.columns = [
    { header: headers[0], key: 'row', width: 8 },
    { header: headers[1], key: 'field', width: 24 },
    { header: headers[2], key: 'message', width: 100 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) sheet.addRow({ row: r.row ?? '', field: r.field, message: r.message });
  const buffer = await workbook.xlsx.writeBuffer();
  saveFile({
    blob: new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
    fileName,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
}

export function ProblemTable({
  problems,
  summary,
}: {
  problems: readonly Problem[];
  summary?: ProblemSummary | undefined;
}) {
  const { t, lang } = useI18n();
  const clearable = useClearable();
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => problemRows(problems, lang), [problems, lang]);
  const folded = foldVietnamese(filter.trim());
  const shown = folded
    ? rows.filter((r) => foldVietnamese(`${r.row ?? ''} ${r.field} ${r.message}`).includes(folded))
    : rows;
  const total = summary?.problems ?? problems.length;
  const headers: [string, string, string] = [
    t('memberImport.problems.row'),
    t('memberImport.problems.field'),
    t('memberImport.problems.message'),
  ];
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <Input
          allowClear={clearable.input}
          prefix={<SearchOutlined />}
          placeholder={t('memberImport.problems.search')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          style={{ flex: '1 1 220px' }}
          data-testid="import-problem-search"
        />
        <Button
          icon={<DownloadOutlined />}
          onClick={() => void downloadProblems(rows, headers, t('memberImport.problems.fileName'))}
          data-testid="import-problems-download"
        >
          {t('memberImport.problems.download')}
        </Button>
      </div>
      <Typography.Text type="secondary" data-testid="import-problems-count">
        {summary
          ? t('memberImport.problems.summary', {
              rows: formatNumber(summary.badRows),
              count: formatNumber(total),
            })
          : t('memberImport.problems.count', { count: formatNumber(total) })}
        {total > problems.length &&
          ' ' + t('memberImport.problems.listed', { listed: formatNumber(problems.length) })}
      </Typography.Text>
      <Table<ProblemRow>
        size="small"
        rowKey="key"
        dataSource={shown}
        data-testid="import-problems"
        scroll={{ y: 320 }}
        tableLayout="fixed"
        pagination={shown.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
        columns={[
          {
            key: 'row',
            title: headers[0],
            // "Dòng" and the sort arrows on one line (at 64 px it broke as "Dòn / g").
            width: 88,
            onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            render: (_, r) => (r.row === null ? '—' : formatNumber(r.row)),
            sorter: (a, b) => (a.row ?? 0) - (b.row ?? 0),
          },
          { key: 'field', title: headers[1], width: '28%', dataIndex: 'field' },
          { key: 'message', title: headers[2], dataIndex: 'message' },
        ]}
      />
    </Space>
  );
}

/** The counts a refused import sends with its problems (its params), when it is one. */
function summaryOf(params: Record<string, string | number> | undefined): ProblemSummary | undefined {
  const badRows = params?.badRowCount;
  const problems = params?.problemCount;
  return typeof badRows === 'number' && typeof problems === 'number' ? { badRows, problems } : undefined;
}

/**
 * The units offered before typing: the working unit, whatever its level (an upper union imports a file naming each
 * row's CĐCS), then the CĐCS under it. The working unit comes chosen.
 */
function useImportUnitChoices(): { choices: UnitChoice[]; preferred: string | undefined } {
  const { unit } = useCurrentUnit();
  const facts = useTypeFacts();
  const children = useChildren(unit?.id, todayIso());
  const choices: UnitChoice[] = unit ? [{ id: unit.id, name: unit.name, typeId: unit.typeId }] : [];
  for (const child of children.data?.units ?? [])
    if ((facts.level(child.typeId) ?? 0) >= MEMBER_UNIT_MIN_LEVEL)
      choices.push({ id: child.id, name: child.name, typeId: child.typeId });
  return { choices, preferred: unit?.id };
}

/** Whether a unit is above the grassroots level (its file names each row's CĐCS); undefined while unknown. */
function useIsUpperUnion(unitId: string | undefined): {
  upper: boolean | undefined;
  name: string | undefined;
} {
  const facts = useTypeFacts();
  const today = todayIso();
  const detail = useQuery({
    queryKey: unitKeys.detail(unitId ?? '', today),
    queryFn: () => api.unit(unitId ?? '', today),
    enabled: Boolean(unitId),
  });
  const unit = detail.data?.unit;
  const level = unit ? facts.level(unit.typeId) : undefined;
  return { upper: level === undefined ? undefined : level < MEMBER_UNIT_MIN_LEVEL, name: unit?.name };
}

/** How many rows went to each CĐCS, when the file went to more than one. */
function UnitCounts({ result }: { result: MemberImportResult }) {
  const { t } = useI18n();
  if (result.units.length < 2) return null;
  return (
    <Table
      size="small"
      rowKey="id"
      dataSource={result.units}
      pagination={result.units.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      data-testid="import-units"
      columns={[
        { key: 'name', title: t('memberImport.units.name'), dataIndex: 'name' },
        { key: 'code', title: t('memberImport.units.code'), dataIndex: 'code', width: 140 },
        {
          key: 'created',
          title: t('memberImport.units.rows'),
          width: 100,
          align: 'right',
          render: (_, u) => formatNumber(u.created),
        },
      ]}
    />
  );
}

type Step = 'template' | 'file' | 'progress' | 'result';
const STEPS: Step[] = ['template', 'file', 'progress', 'result'];

export function ImportWizard({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, errorText, lang } = useI18n();
  const mobile = useIsMobile();
  const rights = useMemberRights();
  const { unit: workingUnit } = useCurrentUnit();
  const { choices, preferred } = useImportUnitChoices();
  const invalidate = useInvalidateMembers();
  const [step, setStep] = useState<Step>('template');
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [mode, setMode] = useState<ImportMode>('propose');
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [refused, setRefused] = useState<{
    text: string;
    problems: Problem[];
    summary?: ProblemSummary | undefined;
  } | null>(null);
  const [starting, setStarting] = useState(false);
  const chosenUnit = unitId ?? preferred;
  const chosen = useIsUpperUnion(chosenUnit);

  const job = useQuery({
    queryKey: ['member-import', chosenUnit, jobId],
    queryFn: () => membersApi.importJob(chosenUnit ?? '', jobId ?? ''),
    enabled: Boolean(jobId && chosenUnit),
    refetchInterval: (query) =>
      query.state.data?.state === 'running' || !query.state.data ? POLL_MS : false,
    retry: 3,
  });
  const current: MemberImportJob | undefined = job.data;
  const finished = current && current.state !== 'running';
  const shownStep: Step = refused || finished ? 'result' : step;
  const succeeded = current?.state === 'done';
  useEffect(() => {
    // The lists behind the wizard show the new members or proposals as soon as they are written.
    if (succeeded) void invalidate();
  }, [succeeded]);

  const reset = () => {
    setStep('template');
    setFile(null);
    setMissing(null);
    setJobId(null);
    setRefused(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const start = async () => {
    if (!chosenUnit) return setMissing(t('memberImport.unit.required'));
    if (!file) return setMissing(t('memberImport.file.required'));
    setMissing(null);
    setStarting(true);
    try {
      const started = await membersApi.startImport(chosenUnit, file, rights.approve ? mode : 'propose');
      setJobId(started.jobId);
      setStep('progress');
    } catch (error) {
      setRefused({ text: errorText(error), problems: error instanceof ApiError ? error.problems : [] });
    } finally {
      setStarting(false);
    }
  };

  const phase = current?.phase ? t(`memberImport.phase.${current.phase}`) : t('memberImport.phase.waiting');
  const percent = current && current.total > 0 ? Math.round((current.done / current.total) * 100) : 0;

  const body = () => {
    if (shownStep === 'template')
      return (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Paragraph style={{ margin: 0 }}>{t('memberImport.template.help')}</Typography.Paragraph>
          {(chosenUnit ?? workingUnit) && (
            <a
              href={membersApi.templateUrl(chosenUnit ?? workingUnit?.id ?? '')}
              download
              data-testid="import-template"
            >
              <Button icon={<DownloadOutlined />}>{t('memberImport.template.download')}</Button>
            </a>
          )}
        </Space>
      );
    if (shownStep === 'file')
      return (
        <Form layout="vertical">
          <Form.Item label={t('memberImport.unit')} tooltip={t('memberImport.unit.hint')} required>
            <MemberUnitSelect
              at={todayIso()}
              value={chosenUnit}
              initial={choices}
              onChange={setUnitId}
              testId="import-unit"
            />
            {chosen.upper !== undefined && (
              <Alert
                type={chosen.upper ? 'warning' : 'info'}
                showIcon
                style={{ marginTop: 8 }}
                data-testid={chosen.upper ? 'import-unit-upper' : 'import-unit-cdcs'}
                title={
                  chosen.upper
                    ? t('memberImport.unit.upper', { unit: chosen.name ?? '' })
                    : t('memberImport.unit.cdcs')
                }
              />
            )}
          </Form.Item>
          <Form.Item label={t('memberImport.mode')}>
            <Radio.Group
              value={rights.approve ? mode : 'propose'}
              onChange={(e) => setMode(e.target.value as ImportMode)}
            >
              <Space orientation="vertical">
                <Radio value="propose" data-testid="import-mode-propose">
                  <strong>{t('memberImport.mode.propose')}</strong>
                  <div className="cd-muted">{t('memberImport.mode.propose.help')}</div>
                </Radio>
                <Radio value="register" disabled={!rights.approve} data-testid="import-mode-register">
                  <strong>{t('memberImport.mode.register')}</strong>
                  <div className="cd-muted">{t('memberImport.mode.register.help')}</div>
                </Radio>
              </Space>
            </Radio.Group>
            {!rights.approve && (
              <Alert
                type="info"
                showIcon
                style={{ marginTop: 8 }}
                title={t('memberImport.mode.register.unavailable')}
              />
            )}
          </Form.Item>
          <Form.Item label={t('memberImport.file')} required>
            <FileDrop
              file={file}
              onPick={(chosen) => {
                setFile(chosen);
                setMissing(null);
              }}
              onRemove={() => setFile(null)}
              hint={t('memberImport.file.hint')}
              testId="import-file"
            />
          </Form.Item>
          {missing && <Alert type="error" showIcon title={missing} />}
        </Form>
      );
    if (shownStep === 'progress')
      return (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="import-progress">
          <Typography.Text strong>{phase}</Typography.Text>
          <Progress percent={percent} status="active" />
          {current && current.total > 0 && (
            <Typography.Text type="secondary">
              {t('memberImport.progress', {
                done: formatNumber(current.done),
                total: formatNumber(current.total),
              })}
            </Typography.Text>
          )}
          {job.error ? <Alert type="warning" showIcon title={errorText(job.error)} /> : null}
          <Typography.Text type="secondary">{t('memberImport.running.hint')}</Typography.Text>
        </Space>
      );
    // result
    if (current?.state === 'done' && current.result) {
      const { result } = current;
      const approvers = result.approvingUnits.map((u) => u.name).join(', ');
      const several = result.units.length > 1;
      const counts = {
        count: formatNumber(result.created),
        units: formatNumber(result.units.length),
        unit: approvers || result.approvingUnit.name,
      };
      // A file of members already in the unit (exported, edited, imported again) admits no one: it updates.
      const onlyUpdates = result.created === 0;
      return (
        <Result
          status="success"
          title={
            onlyUpdates
              ? t('memberImport.done.updatesOnly')
              : result.mode === 'register'
                ? t(several ? 'memberImport.done.register.units' : 'memberImport.done.register', counts)
                : t(several ? 'memberImport.done.propose.units' : 'memberImport.done.propose', counts)
          }
          subTitle={
            <>
              <Typography.Paragraph data-testid="import-done-counts" style={{ marginBottom: 4 }}>
                {t(
                  result.mode === 'register'
                    ? 'memberImport.done.counts.register'
                    : 'memberImport.done.counts.propose',
                  {
                    created: formatNumber(result.created),
                    updated: formatNumber(result.updated),
                    unchanged: formatNumber(result.unchanged),
                  },
                )}
              </Typography.Paragraph>
              {!onlyUpdates && <UnitCounts result={result} />}
            </>
          }
          extra={
            <Link
              to={result.mode === 'register' || onlyUpdates ? '/members' : '/members/proposals'}
              onClick={close}
            >
              {result.mode === 'register' || onlyUpdates ? t('nav.memberList') : t('propose.seeList')}
            </Link>
          }
          data-testid="import-done"
        />
      );
    }
    const failure = refused ?? {
      text: current?.error
        ? lang === 'vi'
          ? current.error.message
          : current.error.messageEn
        : t('common.unexpectedError'),
      problems: current?.error?.problems ?? [],
      summary: summaryOf(current?.error?.params),
    };
    return (
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="import-failed">
        <Alert
          type="error"
          showIcon
          title={t('memberImport.failed')}
          description={
            <>
              <div>{failure.text}</div>
              {failure.problems.length > 0 && <div>{t('memberImport.failed.fix')}</div>}
            </>
          }
        />
        {failure.problems.length > 0 && (
          <ProblemTable problems={failure.problems} summary={failure.summary} />
        )}
      </Space>
    );
  };

  const footer = () => {
    if (shownStep === 'template')
      return dialogFooter(
        { text: t('common.cancel'), onClick: close },
        { text: t('memberImport.next'), onClick: () => setStep('file'), testId: 'import-next' },
      );
    if (shownStep === 'file')
      return dialogFooter(
        { text: t('memberImport.back'), onClick: () => setStep('template') },
        {
          text: t('memberImport.start'),
          onClick: () => void start(),
          loading: starting,
          testId: 'import-start',
        },
      );
    if (shownStep === 'progress')
      return [
        <Button key="close" onClick={close}>
          {t('common.close')}
        </Button>,
      ];
    return [
      ...(current?.state === 'done'
        ? []
        : [
            <Button key="again" onClick={reset} data-testid="import-again">
              {t('memberImport.again')}
            </Button>,
          ]),
      <Button key="close" type="primary" onClick={close}>
        {t('common.close')}
      </Button>,
    ];
  };

  return (
    <Modal
      open={open}
      title={t('memberImport.title')}
      onCancel={close}
      width={820}
      destroyOnHidden
      mask={{ closable: false }}
      style={mobile ? PHONE_DIALOG_STYLE : undefined}
      footer={footer()}
    >
      <div data-testid="import-wizard">
        <Steps
          size="small"
          current={STEPS.indexOf(shownStep)}
          orientation={mobile ? 'vertical' : 'horizontal'}
          style={{ marginBottom: 20 }}
          items={STEPS.map((s) => ({ title: t(`memberImport.step.${s}`) }))}
        />
        {body()}
      </div>
    </Modal>
  );
}
