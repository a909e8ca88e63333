/**
 * Đoàn viên: the members of the working unit's subtree as of a date — search (no diacritics needed, small typos
 * forgiven: the server folds and ranks), filters, a table (cards on a phone), and the list's actions: propose,
 * import from Excel, export the filtered list, print cards of the selected rows or of the whole unit.
 */
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Alert, App as AntApp, Badge, Button, Card, Input, Space, Tag, Typography } from 'antd';
import {
  DownloadOutlined,
  FilterOutlined,
  IdcardOutlined,
  PlusOutlined,
  SearchOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { MAX_CARDS_PER_PRINT, type MemberListItem } from '../../app/contract';
import { useCurrentUnit } from '../../app/current-unit';
import { DataTable, ListError, type DataColumn } from '../../app/DataTable';
import { formatDate, formatNumber, todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useClearable } from '../../app/clearable';
import { useLabels } from '../../app/labels';
import { useIsMobile } from '../../app/responsive';
import { useChildren, useDebounced } from '../organisation/queries';
import { query, unitPath } from '../../app/api';
import { membersApi, openPdf, type MemberFilters } from './api';
import { agesUpsideDown, FilterBar, useListState } from './MemberFilters';
import { ImportWizard } from './ImportWizard';
import { ProposeForm, useMemberUnitChoices } from './ProposeForm';
import { useMemberList, useMemberRights, useUnitRecord } from './queries';
import { memberLink, STATUS_COLORS } from './shared';
import type { TransferredNote } from './MemberForms';

/** What the server reads as an identifier (CCCD, member code, phone) rather than a name. */
const DIGITS = /^\+?[\d\s.\-()]{6,}$/;

export default function MembersPage() {
  const { t, errorText } = useI18n();
  const clearable = useClearable();
  const labels = useLabels();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const { message, modal } = AntApp.useApp();
  const { unit: workingUnit } = useCurrentUnit();
  const rights = useMemberRights();
  const { choices } = useMemberUnitChoices();
  const [state, setFilters, setPage] = useListState();
  const [text, setText] = useState(state.filters.q ?? '');
  const q = useDebounced(text.trim(), 300);
  const [showFilters, setShowFilters] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [proposing, setProposing] = useState(false);
  const [importing, setImporting] = useState(false);
  const [busy, setBusy] = useState<'cards' | null>(null);

  const location = useLocation();
  const [transferred, setTransferred] = useState(
    (location.state as { transferred?: TransferredNote } | null)?.transferred,
  );
  const listUnitId = state.unit ?? workingUnit?.id;
  // "… và các đơn vị trực thuộc" only for a unit that has some (a CĐCS's list is its own members).
  const children = useChildren(listUnitId, state.filters.at ?? todayIso());
  const hasChildren = (children.data?.units.length ?? 0) > 0;
  // The filter by sub-unit only where the working unit has some (a CĐCS has none), or one is chosen already.
  const workingChildren = useChildren(workingUnit?.id, state.filters.at ?? todayIso());
  const subUnitFilter = (workingChildren.data?.units.length ?? 0) > 0 || state.unit !== undefined;
  const listUnit = useUnitRecord(listUnitId);
  const filterUnitName = state.unit === undefined ? undefined : listUnit?.name;
  // An age range upside down is refused in the form (one message there); the server is not asked.
  const badAges = agesUpsideDown(state.filters);
  const list = useMemberList(badAges ? undefined : listUnitId, state.filters, state.page, state.pageSize);

  useEffect(() => {
    if ((state.filters.q ?? '') !== q) setFilters({ q: q || undefined });
    // Only the debounced text drives the address; the address drives the query.
  }, [q]);
  useEffect(() => setSelected([]), [listUnitId, state.filters, state.page]);

  if (!rights.read) return <Alert type="warning" showIcon title={t('members.noPermission')} />;
  if (!workingUnit || !listUnitId) return <Alert type="info" showIcon title={t('dashboard.noUnit')} />;

  // While the filter is invalid no count or row is shown: the last ones belong to a filter no longer on screen.
  const data = badAges ? undefined : list.data;
  // A day before the unit was founded: no "0 đoàn viên", but that the unit did not exist then (as the unit page says).
  const notYetFounded =
    state.filters.at !== undefined && listUnit !== undefined && state.filters.at < listUnit.foundedOn
      ? t('members.notYetFounded', {
          unit: listUnit.name,
          date: formatDate(state.filters.at),
          founded: formatDate(listUnit.foundedOn),
        })
      : null;
  // A page past the end (an old link, a shrunk list) says so and offers the last page, not "no member matches".
  const pages = data ? Math.max(1, Math.ceil(data.total / state.pageSize)) : 1;
  const pastEnd = data !== undefined && data.total > 0 && data.members.length === 0 && state.page > pages;
  // Without the personal-data permission the server matches digits against member codes only (never CCCD or phone).
  const codesOnly = data ? !data.personalDataShown : !rights.pii;
  const searchPlaceholder = codesOnly ? 'members.search.placeholder.codes' : 'members.search.placeholder';
  const unitName = state.unit === undefined ? workingUnit.name : (filterUnitName ?? '');
  const filterCount = [
    state.unit,
    state.filters.gender,
    state.filters.status,
    state.filters.sector,
    state.filters.ageFrom,
    state.filters.ageTo,
    state.filters.at,
  ].filter((v) => v !== undefined).length;

  const run = async (kind: 'cards', work: () => Promise<void>) => {
    setBusy(kind);
    try {
      await work();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(null);
    }
  };
  // The export takes the filter on screen, the search box as typed (not yet sent to the list) included, and is
  // downloaded by the browser as the server streams it: the first bytes at once, its progress in the downloads.
  const exportList = () => {
    const shown: MemberFilters = { ...state.filters, q: text.trim() || undefined };
    const link = document.createElement('a');
    link.href = `${unitPath(listUnitId)}/members/export.xlsx${query({ ...shown })}`;
    link.download = '';
    link.dataset.testid = 'member-export-link';
    document.body.append(link);
    link.click();
    link.remove();
    void message.info(t('members.export.started'));
  };
  const printCards = (ids: string[]) =>
    run('cards', () => openPdf(() => membersApi.cards(listUnitId, state.filters.at, ids)));
  // The count and the limit before printing: a unit over the limit is told to print per CĐCS, not sent to fail.
  const printBatch = () =>
    run('cards', async () => {
      const active = { at: state.filters.at, status: 'active' as const };
      const { total } = await membersApi.list(listUnitId, active, 1, 1);
      const params = {
        unit: unitName || workingUnit.name,
        count: formatNumber(total),
        limit: formatNumber(MAX_CARDS_PER_PRINT),
      };
      if (total > MAX_CARDS_PER_PRINT)
        modal.warning({
          title: t('members.cards.batch.tooMany', params),
          content: t('members.cards.batch.perUnit', params),
        });
      else
        modal.confirm({
          title: t('members.cards.batch.confirm', params),
          okText: t('members.cards'),
          cancelText: t('common.cancel'),
          onOk: () => printCards([]),
        });
    });

  const columns: DataColumn<MemberListItem>[] = [
    {
      key: 'name',
      title: t('member.fullName'),
      cardTitle: true,
      render: (_, m) => (
        <Link to={memberLink(listUnitId, m.id)} data-testid="member-link">
          {m.fullName}
        </Link>
      ),
    },
    { key: 'code', title: t('member.code'), dataIndex: 'code' },
    // On a phone card: name, code, unit and status; the rest one tap away.
    {
      key: 'birthDate',
      title: t('member.birthDate'),
      cardDetail: true,
      render: (_, m) => formatDate(m.birthDate),
    },
    { key: 'gender', title: t('member.gender'), cardDetail: true, render: (_, m) => labels.gender(m.gender) },
    { key: 'cccd', title: t('member.cccd'), cardDetail: true, render: (_, m) => m.cccd ?? '—' },
    { key: 'phone', title: t('member.phone'), cardDetail: true, render: (_, m) => m.phone ?? '—' },
    {
      key: 'unit',
      title: t('member.unit'),
      // Long unit names wrap within the column, so that the status stays on screen at 1366 px.
      width: 220,
      render: (_, m) => m.units.map((u) => u.name).join('; '),
    },
    {
      key: 'joinedOn',
      title: t('member.joinedOn'),
      cardDetail: true,
      render: (_, m) => formatDate(m.joinedOn),
    },
    {
      key: 'status',
      title: t('member.status'),
      fixed: 'right',
      render: (_, m) => <Tag color={STATUS_COLORS[m.status]}>{labels.memberStatus(m.status)}</Tag>,
    },
  ];

  const actions = (
    <Space wrap size={8}>
      {rights.write && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setProposing(true)}
          data-testid="member-add"
        >
          {t('members.add')}
        </Button>
      )}
      {rights.write && (
        <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="member-import">
          {t('members.import')}
        </Button>
      )}
      <Button icon={<DownloadOutlined />} disabled={badAges} onClick={exportList} data-testid="member-export">
        {t('members.export')}
      </Button>
      {/* Cards are issued by officers (members.write): a viewer is offered neither button nor row selection. */}
      {!rights.write ? null : selected.length > 0 ? (
        <Button
          icon={<IdcardOutlined />}
          loading={busy === 'cards'}
          onClick={() => void printCards(selected)}
          data-testid="member-cards-selected"
        >
          {t('members.cards.selected', { count: formatNumber(selected.length) })}
        </Button>
      ) : (
        <Button
          icon={<IdcardOutlined />}
          loading={busy === 'cards'}
          onClick={printBatch}
          title={mobile ? undefined : t('members.cards.hint')}
          data-testid="member-cards-batch"
        >
          {t('members.cards.batch')}
        </Button>
      )}
    </Space>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', justifyContent: 'space-between' }}>
          <div style={{ minWidth: 0, flex: '1 1 260px' }}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="members-title">
              {t('members.title')}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t(hasChildren ? 'members.scope' : 'members.scope.alone', {
                unit: unitName || workingUnit.name,
              })}
            </Typography.Text>
          </div>
          {actions}
        </div>
        <div style={{ display: 'flex', gap: 8, marginTop: 16 }}>
          <Input
            allowClear={clearable.input}
            size="large"
            prefix={<SearchOutlined />}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t(searchPlaceholder)}
            aria-label={t(searchPlaceholder)}
            data-testid="member-search"
            style={{ flex: 1, minWidth: 0 }}
          />
          {mobile && (
            <Badge count={filterCount} size="small">
              <Button
                size="large"
                icon={<FilterOutlined />}
                onClick={() => setShowFilters((v) => !v)}
                aria-label={t('members.filter.toggle')}
                data-testid="member-filter-toggle"
              />
            </Badge>
          )}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('members.search.hint')}
        </Typography.Text>
        {(!mobile || showFilters) && (
          <div style={{ marginTop: 12 }}>
            <FilterBar
              state={state}
              onChange={setFilters}
              unitChoices={choices}
              subUnitFilter={subUnitFilter}
            />
          </div>
        )}
      </Card>
      {transferred && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setTransferred(undefined) }}
          data-testid="member-transferred-note"
          title={t(transferred.unitName ? 'members.transferred' : 'members.transferred.elsewhere', {
            name: transferred.name,
            unit: transferred.unitName,
            date: formatDate(transferred.on),
          })}
        />
      )}
      <Card
        size="small"
        title={
          <span data-testid="member-list-count">
            {data && !notYetFounded
              ? t('members.total', { count: formatNumber(data.total) })
              : t('members.title')}
          </span>
        }
        extra={
          selected.length > 0 ? (
            <Typography.Text type="secondary">
              {t('members.selected', { count: formatNumber(selected.length) })}
            </Typography.Text>
          ) : undefined
        }
      >
        {notYetFounded && (
          <Alert
            type="info"
            showIcon
            title={notYetFounded}
            style={{ marginBottom: 12 }}
            data-testid="member-list-not-founded"
          />
        )}
        {!badAges && <ListError error={list.error} />}
        {data && !data.personalDataShown && data.total > 0 && (
          <Alert type="info" showIcon title={t('members.masked')} style={{ marginBottom: 12 }} />
        )}
        <DataTable<MemberListItem>
          size="small"
          rowKey={(m) => m.id}
          columns={columns}
          dataSource={data?.members ?? []}
          loading={list.isFetching}
          testId="member-list"
          onRow={(m) => ({ onDoubleClick: () => void navigate(memberLink(listUnitId, m.id)) })}
          rowSelection={
            rights.write
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys.map(String)),
                  preserveSelectedRowKeys: false,
                }
              : undefined
          }
          locale={{
            emptyText: badAges ? (
              t('members.empty.badFilter')
            ) : notYetFounded ? (
              t('members.empty.notYetFounded')
            ) : pastEnd ? (
              <Space orientation="vertical" size={8} data-testid="member-list-past-end">
                {t('members.pastEnd', { page: formatNumber(state.page), pages: formatNumber(pages) })}
                <Button onClick={() => setPage(pages, state.pageSize)} data-testid="member-list-last-page">
                  {t('members.pastEnd.last', { pages: formatNumber(pages) })}
                </Button>
              </Space>
            ) : !state.filters.q ? (
              t('members.empty')
            ) : codesOnly && DIGITS.test(state.filters.q) ? (
              t('members.empty.codesOnly', { q: state.filters.q })
            ) : (
              t('members.empty.search', { q: state.filters.q })
            ),
          }}
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            onChange: setPage,
          }}
        />
      </Card>
      <ProposeForm
        open={proposing}
        onClose={() => setProposing(false)}
        onDone={() => void navigate('/members/proposals')}
      />
      <ImportWizard open={importing} onClose={() => setImporting(false)} />
    </Space>
  );
}
