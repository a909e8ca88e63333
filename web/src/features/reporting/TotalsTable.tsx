/**
 * The roll-up's table: per indicator the unit's own figure, the units' below, the total, the yearly target, the rate
 * and the same period last year. A total opens its drill-down (the units directly below, sortable: the ranking);
 * a figure from the member registry links to the member list as of the period's last day.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Drawer, Typography } from 'antd';
import { TeamOutlined } from '@ant-design/icons';
import type { ReportBreakdown, ReportStatus, ReportTotals, ReportTotalsRow } from '../../app/contract';
import { DataTable, type DataColumn } from '../../app/DataTable';
import { formatPercent } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useIsMobile } from '../../app/responsive';
import { formatFigure, nameIn, StatusTag } from './shared';
import { ReportReview, type ReportRef } from './ReportReview';

type BreakdownUnit = ReportBreakdown['units'][number];

/** The member-count registry figures a member list can show. */
const MEMBER_LIST_KEYS = new Set(['members_end', 'members_female_end']);

function Drill({
  row,
  breakdown,
  onClose,
}: {
  row: ReportTotalsRow | null;
  breakdown: ReportBreakdown | undefined;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const mobile = useIsMobile();
  // A unit's own report, opened from its line: its approver approves, returns or reopens it there.
  const [open, setOpen] = useState<ReportRef | null>(null);
  if (!row) return null;
  const code = row.code;
  const total = (u: BreakdownUnit) => u.figures[code]?.total ?? null;
  const ranked = [...(breakdown?.units ?? [])].sort((a, b) => (total(b) ?? -1) - (total(a) ?? -1));
  const rank = new Map(ranked.map((u, n) => [u.id, n + 1]));
  const columns: DataColumn<BreakdownUnit>[] = [
    {
      title: t('drill.rank'),
      key: 'rank',
      width: 64,
      render: (_, u) => (total(u) === null ? '—' : rank.get(u.id)),
    },
    {
      title: t('drill.unit'),
      key: 'name',
      cardTitle: true,
      render: (_, u) =>
        u.status && breakdown ? (
          <Button
            type="link"
            title={u.code}
            style={{
              paddingInline: 0,
              whiteSpace: 'normal',
              textAlign: 'left',
              height: 'auto',
              minHeight: 32,
            }}
            onClick={() =>
              setOpen({
                unitId: u.id,
                unitName: u.name,
                formId: breakdown.form.id,
                periodCode: breakdown.period.code,
              })
            }
          >
            {u.name}
          </Button>
        ) : (
          <span title={u.code}>{u.name}</span>
        ),
    },
    {
      title: t('drill.status'),
      key: 'status',
      render: (_, u) => <StatusTag status={(u.status as ReportStatus | null) ?? null} />,
    },
    {
      title: t('totals.total'),
      key: 'total',
      align: 'right',
      sorter: (a, b) => (total(a) ?? -1) - (total(b) ?? -1),
      defaultSortOrder: 'descend',
      render: (_, u) => formatFigure(t, row.valueType, total(u)) || '—',
    },
    {
      title: t('totals.target'),
      key: 'target',
      align: 'right',
      render: (_, u) => formatFigure(t, row.valueType, u.figures[code]?.target ?? null) || '—',
    },
    {
      title: t('totals.rate'),
      key: 'rate',
      align: 'right',
      sorter: (a, b) => (a.figures[code]?.rate ?? -1) - (b.figures[code]?.rate ?? -1),
      render: (_, u) => {
        const rate = u.figures[code]?.rate;
        return rate === null || rate === undefined ? '—' : formatPercent(rate);
      },
    },
  ];
  return (
    <Drawer
      open
      onClose={onClose}
      size={mobile ? '100%' : 720}
      title={t('drill.title', { indicator: nameIn(lang, row) })}
      data-testid="report-drill"
    >
      <DataTable
        testId="drill-units"
        rowKey={(u) => u.id}
        columns={columns}
        dataSource={ranked}
        pagination={false}
        size="small"
      />
      <ReportReview target={open} onClose={() => setOpen(null)} />
    </Drawer>
  );
}

export function TotalsTable({
  totals,
  breakdown,
}: {
  totals: ReportTotals;
  breakdown: ReportBreakdown | undefined;
}) {
  const { t, lang } = useI18n();
  const [drill, setDrill] = useState<ReportTotalsRow | null>(null);
  const figure = (r: ReportTotalsRow, value: number | string | null) =>
    formatFigure(t, r.valueType, value) || '—';
  const columns: DataColumn<ReportTotalsRow>[] = [
    {
      title: t('totals.indicator'),
      key: 'name',
      cardTitle: true,
      render: (_, r) => (
        <Typography.Text strong={r.parentCode === null}>
          {r.parentCode !== null && '— '}
          {nameIn(lang, r)}
        </Typography.Text>
      ),
    },
    { title: t('totals.measure'), dataIndex: 'measure', key: 'measure', hideOnCard: true },
    {
      title: t('totals.own'),
      key: 'own',
      align: 'right',
      cardDetail: true,
      render: (_, r) => figure(r, r.own),
    },
    {
      title: t('totals.below'),
      key: 'below',
      align: 'right',
      cardDetail: true,
      render: (_, r) => figure(r, r.below),
    },
    {
      title: t('totals.total'),
      key: 'total',
      align: 'right',
      render: (_, r) => (
        <span>
          {r.valueType === 'text' ? (
            figure(r, r.total)
          ) : (
            <Button
              type="link"
              // A lone "0" or "—" is still a finger's width wide (40 px), right-aligned as the column is.
              style={{ paddingInline: 0, fontWeight: 600, minWidth: 40, justifyContent: 'flex-end' }}
              onClick={() => setDrill(r)}
              title={t('totals.drill')}
              data-testid={`total-${r.code}`}
            >
              {figure(r, r.total)}
            </Button>
          )}
          {r.source === 'registry' && MEMBER_LIST_KEYS.has(r.code) && (
            <Link
              to={`/members?unit=${totals.unit.id}&at=${totals.period.end}`}
              title={t('totals.memberList')}
              aria-label={t('totals.memberList')}
              style={{ marginLeft: 8 }}
              data-testid={`members-link-${r.code}`}
            >
              <TeamOutlined />
            </Link>
          )}
        </span>
      ),
    },
    { title: t('totals.target'), key: 'target', align: 'right', render: (_, r) => figure(r, r.target) },
    {
      title: t('totals.rate'),
      key: 'rate',
      align: 'right',
      render: (_, r) => (r.rate === null ? '—' : formatPercent(r.rate)),
    },
    {
      title: t('totals.lastYear'),
      key: 'lastYear',
      align: 'right',
      cardDetail: true,
      render: (_, r) => figure(r, r.lastYear),
    },
  ];
  return (
    <>
      <DataTable
        testId="report-totals"
        rowKey={(r) => r.code}
        columns={columns}
        dataSource={totals.rows}
        pagination={false}
        size="small"
      />
      <Drill row={drill} breakdown={breakdown} onClose={() => setDrill(null)} />
    </>
  );
}
