/**
 * Duyệt kết nạp: for an upper union holding the power to admit, the proposals waiting under it. Select many, approve
 * (each person gets a member code) or return with a reason. The server refuses the whole decision when someone is
 * already a member or proposed twice, and says who: that message is shown as it comes.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../app/api';
import type { DecideRequest, ProposalView } from '../../app/contract';
import { useCurrentUnit } from '../../app/current-unit';
import { DataTable, ListError, pagesOf, type DataColumn } from '../../app/DataTable';
import { formatNumber, todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useIsMobile } from '../../app/responsive';
import { membersApi } from './api';
import { ProposalName, useProposalColumns } from './proposalColumns';
import { useInvalidateMembers, useMemberRights, useProposals, useTypeFacts } from './queries';
import { unitKeys } from '../organisation/queries';

const PAGE_SIZE = 50;

export default function ApprovalsPage() {
  const { t, errorText } = useI18n();
  const mobile = useIsMobile();
  const { message, modal } = AntApp.useApp();
  const { unit, units, setUnitId } = useCurrentUnit();
  const rights = useMemberRights();
  const facts = useTypeFacts();
  // A unit that does not admit: who does admit its CĐCS' proposals (the nearest upper union with the power).
  const today = todayIso();
  const detail = useQuery({
    queryKey: unitKeys.detail(unit?.id ?? '', today),
    queryFn: () => api.unit(unit?.id ?? '', today),
    enabled: Boolean(unit) && !rights.approve,
  });
  const invalidate = useInvalidateMembers();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [returning, setReturning] = useState<string[] | null>(null);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<{ text: string; details: string[] } | null>(null);
  const queue = useProposals(rights.approve ? unit?.id : undefined, 'proposed', page, PAGE_SIZE);
  const shared = useProposalColumns();

  if (!unit) return <Alert type="info" showIcon title={t('dashboard.noUnit')} />;
  if (!rights.approve) {
    const admits = facts.admits(unit.typeId);
    const approver = [...(detail.data?.ancestors ?? [])].reverse().find((a) => facts.admits(a.typeId));
    const switchTo = units.find((u) => u.id !== unit.id && facts.admits(u.typeId));
    return (
      <Card title={t('approvals.title')}>
        <Alert
          type="info"
          showIcon
          data-testid="approvals-no-right"
          title={
            admits
              ? t('approvals.noGrant', { unit: unit.name })
              : approver
                ? t('approvals.approvedBy', { unit: unit.name, approver: approver.name })
                : t('approvals.notAdmitting', { unit: unit.name })
          }
          description={
            switchTo ? (
              <Button type="link" style={{ paddingInline: 0 }} onClick={() => setUnitId(switchTo.id)}>
                {t('approvals.switchTo', { unit: switchTo.name })}
              </Button>
            ) : (
              !admits && t('approvals.proposeHere')
            )
          }
        />
      </Card>
    );
  }

  const rows = queue.data?.proposals ?? [];
  const nameOf = new Map(rows.map((p) => [p.id, p.fullName]));
  const decide = async (decisions: DecideRequest['decisions']) => {
    setSaving(true);
    setRefusal(null);
    try {
      const result = await membersApi.decide(unit.id, { decisions });
      const [first] = result.approved;
      if (result.approved.length === 1 && first)
        void message.success(
          t('approvals.approvedOne', { name: nameOf.get(first.proposalId) ?? '', code: first.code }),
        );
      else if (result.approved.length)
        void message.success(
          t('approvals.approved', {
            count: formatNumber(result.approved.length),
            codes: result.approved.map((a) => `${nameOf.get(a.proposalId) ?? ''} ${a.code}`).join(', '),
          }),
        );
      if (result.returned.length)
        void message.success(t('approvals.returned', { count: formatNumber(result.returned.length) }));
      setSelected([]);
      await invalidate();
      return true;
    } catch (error) {
      setRefusal({
        text: errorText(error),
        details: error instanceof ApiError ? error.problems.map((p) => p.message) : [],
      });
      return false;
    } finally {
      setSaving(false);
    }
  };
  const approve = (ids: string[]) =>
    modal.confirm({
      title:
        ids.length === 1
          ? t('approvals.approve.confirmOne', { name: nameOf.get(ids[0] ?? '') ?? '' })
          : t('approvals.approve.confirm', { count: formatNumber(ids.length) }),
      content: ids.length > 1 ? ids.map((id) => nameOf.get(id) ?? '').join(', ') : undefined,
      okText: t('approvals.approveOne'),
      cancelText: t('common.cancel'),
      onOk: () => decide(ids.map((proposalId) => ({ proposalId, decision: 'approve' as const }))),
    });
  const startReturn = (ids: string[]) => {
    setReason('');
    setReasonMissing(false);
    setReturning(ids);
  };
  const confirmReturn = async () => {
    if (!returning) return;
    if (!reason.trim()) return setReasonMissing(true);
    const done = await decide(
      returning.map((proposalId) => ({ proposalId, decision: 'return' as const, reason: reason.trim() })),
    );
    if (done) setReturning(null);
  };

  const columns: DataColumn<ProposalView>[] = [
    {
      key: 'name',
      title: t('member.fullName'),
      cardTitle: true,
      render: (_, p) => (
        <ProposalName proposal={p} testId="approval-name">
          {p.round > 1 && (
            <Tag color="orange" style={{ marginInlineStart: 6 }}>
              {t('proposals.round', { round: p.round })}
            </Tag>
          )}
        </ProposalName>
      ),
    },
    shared.birthDate,
    shared.gender,
    shared.cccd,
    shared.joinedOn,
    shared.unit,
    shared.proposedOn,
    {
      key: 'actions',
      // In view at 1366 px: the other columns scroll under it.
      fixed: 'right',
      cardFooter: true,
      title: t('common.actions'),
      render: (_, p) => (
        <Space size={4}>
          <Button
            size="small"
            type="primary"
            icon={<CheckOutlined />}
            onClick={() => approve([p.id])}
            data-testid="approval-approve-one"
          >
            {t('approvals.approveOne')}
          </Button>
          <Button size="small" icon={<RollbackOutlined />} onClick={() => startReturn([p.id])}>
            {t('approvals.returnOne')}
          </Button>
        </Space>
      ),
    },
  ];

  // Several at once, on a phone too (the cards have checkboxes): the buttons sit above the cards there.
  const bulk = (
    <Space wrap>
      <Button
        type="primary"
        icon={<CheckOutlined />}
        disabled={selected.length === 0}
        loading={saving}
        onClick={() => approve(selected)}
        data-testid="approval-approve"
      >
        {t('approvals.approve', { count: formatNumber(selected.length) })}
      </Button>
      <Button
        icon={<RollbackOutlined />}
        disabled={selected.length === 0}
        onClick={() => startReturn(selected)}
        data-testid="approval-return"
      >
        {t('approvals.return', { count: formatNumber(selected.length) })}
      </Button>
    </Space>
  );

  return (
    <Card title={t('approvals.title')} extra={!mobile && bulk}>
      <Typography.Paragraph type="secondary">
        {t('approvals.intro', { unit: unit.name })}
      </Typography.Paragraph>
      <Typography.Text strong style={{ display: 'block', marginBottom: 12 }}>
        {t('approvals.total', { count: formatNumber(queue.data?.total ?? 0) })}
      </Typography.Text>
      {mobile && <div style={{ marginBottom: 12 }}>{bulk}</div>}
      {refusal && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setRefusal(null) }}
          style={{ marginBottom: 12 }}
          title={refusal.text}
          description={
            refusal.details.length ? refusal.details.map((d, i) => <div key={i}>{d}</div>) : undefined
          }
          data-testid="approval-error"
        />
      )}
      <ListError error={queue.error} />
      <DataTable<ProposalView>
        size="small"
        rowKey={(p) => p.id}
        columns={columns}
        dataSource={rows}
        loading={queue.isFetching}
        testId="approval-list"
        locale={{ emptyText: t('approvals.empty') }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
        pagination={pagesOf(page, PAGE_SIZE, queue.data?.total ?? 0, (p) => {
          setPage(p);
          setSelected([]);
        })}
      />
      <Modal
        open={returning !== null}
        title={t('approvals.return.title', { count: formatNumber(returning?.length ?? 0) })}
        onCancel={() => setReturning(null)}
        okText={t('approvals.returnOne')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => void confirmReturn()}
        destroyOnHidden
      >
        {refusal && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={refusal.text} />}
        <Form layout="vertical">
          <Form.Item
            label={t('approvals.return.reason')}
            required
            validateStatus={reasonMissing ? 'error' : undefined}
            help={reasonMissing ? t('approvals.return.reason.required') : undefined}
          >
            <Input.TextArea
              rows={3}
              maxLength={500}
              showCount
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setReasonMissing(false);
              }}
              placeholder={t('approvals.return.reason.placeholder')}
              data-testid="approval-return-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
