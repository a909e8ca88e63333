/**
 * Giao chỉ tiêu: the yearly targets the working unit assigns to the units directly below. A desk sees indicators as
 * rows and units as columns; a phone picks one unit and sees its indicators. Beside each indicator: the unit's own
 * target (from above), the sum assigned (as typed) and the difference. Saving sends only the changed cells, each with
 * the version that was read, so a cell changed meanwhile is refused (409) and the grid reloaded.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Input, Select, Skeleton, Space, Table, Typography } from 'antd';
import type { TableColumnType } from 'antd';
import { DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import { ApiError } from '../../app/api';
import type { ReportTargets } from '../../app/contract';
import { useCurrentUnit } from '../../app/current-unit';
import { formatNumber, todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useIsMobile } from '../../app/responsive';
import { reportsApi } from './api';
import { ExcelUpload } from './ExcelUpload';
import { useInvalidateReports, useReportRights } from './queries';
import { digitsOf } from './ReportField';
import { nameIn } from './shared';

type Row = ReportTargets['indicators'][number];
const cellKey = (unitId: string, code: string) => `${unitId}|${code}`;

export default function TargetsPage() {
  const { t, lang, errorText } = useI18n();
  const mobile = useIsMobile();
  const { message } = AntApp.useApp();
  const { unit } = useCurrentUnit();
  const rights = useReportRights();
  const invalidate = useInvalidateReports();
  const thisYear = Number(todayIso().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [edits, setEdits] = useState<Record<string, number | null>>({});
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const [phoneUnit, setPhoneUnit] = useState<string | undefined>(undefined);
  const data = useQuery({
    queryKey: ['reports', 'targets', unit?.id ?? '', year],
    queryFn: () => reportsApi.targets(unit!.id, year),
    enabled: Boolean(unit),
  });
  if (!unit) return <Alert type="info" showIcon title={t('reports.noUnit')} />;
  const d = data.data;
  const units = d?.units ?? [];
  const stored = (unitId: string, code: string) => units.find((u) => u.id === unitId)?.targets[code];
  const valueOf = (unitId: string, code: string) => {
    const key = cellKey(unitId, code);
    return key in edits ? (edits[key] ?? null) : (stored(unitId, code)?.value ?? null);
  };
  const assigned = (code: string) => {
    const values = units.map((u) => valueOf(u.id, code)).filter((v): v is number => v !== null);
    return values.length ? values.reduce((a, b) => a + b, 0) : null;
  };
  const changed = Object.keys(edits).filter((key) => {
    const [unitId = '', code = ''] = key.split('|');
    return (edits[key] ?? null) !== (stored(unitId, code)?.value ?? null);
  });
  const fmt = (v: number | null) => (v === null ? '—' : formatNumber(v));

  const save = async () => {
    setSaving(true);
    setConflict(false);
    try {
      const result = await reportsApi.setTargets(unit.id, {
        year,
        targets: changed.map((key) => {
          const [unitId = '', code = ''] = key.split('|');
          return {
            unitId,
            indicatorCode: code,
            value: edits[key] ?? null,
            version: stored(unitId, code)?.version ?? 0,
          };
        }),
      });
      void message.success(t('targets.saved', { count: formatNumber(result.changed) }));
      setEdits({});
      await data.refetch();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setConflict(true);
        setEdits({});
        await data.refetch();
      } else void message.error(errorText(error));
    } finally {
      setSaving(false);
    }
  };

  const cell = (unitId: string, code: string, label: string) => (
    <Input
      inputMode="numeric"
      aria-label={label}
      disabled={!rights.targets}
      value={fmt(valueOf(unitId, code)).replace('—', '')}
      onChange={(e) => setEdits({ ...edits, [cellKey(unitId, code)]: digitsOf(e.target.value) })}
      style={{ minWidth: 90, textAlign: 'right' }}
      data-testid={`target-${unitId}-${code}`}
    />
  );
  const shownUnits = mobile ? units.filter((u) => u.id === (phoneUnit ?? units[0]?.id)) : units;
  const columns: TableColumnType<Row>[] = [
    {
      title: t('totals.indicator'),
      key: 'name',
      fixed: mobile ? undefined : 'left',
      width: mobile ? undefined : 240,
      render: (_, r) => (
        <>
          {nameIn(lang, r)}
          {r.measure && <Typography.Text type="secondary"> ({r.measure})</Typography.Text>}
          {mobile && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('targets.own')}: {fmt(r.own)} · {t('targets.assigned')}: {fmt(assigned(r.code))}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    ...(mobile
      ? []
      : [
          {
            title: t('targets.own'),
            key: 'own',
            align: 'right' as const,
            render: (_: unknown, r: Row) => fmt(r.own),
          },
          {
            title: t('targets.assigned'),
            key: 'assigned',
            align: 'right' as const,
            render: (_: unknown, r: Row) => fmt(assigned(r.code)),
          },
          {
            title: t('targets.difference'),
            key: 'difference',
            align: 'right' as const,
            render: (_: unknown, r: Row) => {
              const sum = assigned(r.code);
              if (r.own === null || sum === null) return '—';
              const diff = sum - r.own;
              return (
                <Typography.Text type={diff < 0 ? 'danger' : undefined}>{formatNumber(diff)}</Typography.Text>
              );
            },
          },
        ]),
    ...shownUnits.map((u) => ({
      title: <span title={u.code}>{u.name}</span>,
      key: u.id,
      width: mobile ? 140 : 150,
      render: (_: unknown, r: Row) => cell(u.id, r.code, `${u.name} · ${nameIn(lang, r)}`),
    })),
  ];
  const years = Array.from({ length: 7 }, (_, n) => thisYear + 1 - n);
  return (
    <Card title={t('targets.title')} data-testid="report-targets">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap>
          <Select
            aria-label={t('targets.year')}
            value={year}
            onChange={(y) => {
              setYear(y);
              setEdits({});
            }}
            options={years.map((y) => ({ value: y, label: `${t('targets.year')} ${y}` }))}
            style={{ width: 140 }}
          />
          {mobile && units.length > 0 && (
            <Select
              aria-label={t('targets.unit')}
              value={phoneUnit ?? units[0]?.id}
              onChange={setPhoneUnit}
              style={{ width: '100%', minWidth: 200 }}
              options={units.map((u) => ({ value: u.id, label: u.name }))}
            />
          )}
          {rights.targets && (
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={changed.length === 0}
              loading={saving}
              onClick={() => void save()}
              data-testid="targets-save"
            >
              {t('targets.save')}
            </Button>
          )}
          <Button
            href={reportsApi.targetsFileUrl(unit.id, year)}
            icon={<DownloadOutlined />}
            data-testid="targets-download"
          >
            {t('targets.download')}
          </Button>
          {changed.length > 0 && (
            <Typography.Text type="secondary">
              {t('targets.changed', { count: changed.length })}
            </Typography.Text>
          )}
        </Space>
        {rights.targets && units.length > 0 && (
          <ExcelUpload
            key={year}
            label={t('targets.upload')}
            testId="targets-upload"
            send={async (file) => {
              const done = await reportsApi.importTargets(unit.id, year, file);
              setEdits({});
              await invalidate();
              return t('targets.imported', { year: done.year, count: formatNumber(done.changed) });
            }}
          />
        )}
        {conflict && (
          <Alert
            type="warning"
            showIcon
            closable
            onClose={() => setConflict(false)}
            title={t('targets.conflict')}
          />
        )}
        {data.isLoading && <Skeleton active />}
        {data.error && <Alert type="error" showIcon title={errorText(data.error)} />}
        {d && units.length === 0 && <Alert type="info" showIcon title={t('targets.noUnits')} />}
        {d && units.length > 0 && (
          <Table<Row>
            rowKey={(r) => r.code}
            columns={columns}
            dataSource={d.indicators.filter((i) => i.valueType !== 'text' && i.valueType !== 'boolean')}
            pagination={false}
            size="small"
            scroll={mobile ? undefined : { x: 'max-content' }}
          />
        )}
      </Space>
    </Card>
  );
}
