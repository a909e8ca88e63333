/**
 * Đề nghị kết nạp: the proposals of the working unit's CĐCS with their status — waiting, returned (with the upper
 * union's reason, to correct and send again), approved (with the new member code) — and the form to propose more.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Popconfirm,
  Segmented,
  Space,
  Tag,
  Typography,
} from 'antd';
import { EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  PROPOSAL_STATUSES,
  type CorrectResult,
  type ProposalStatus,
  type ProposalView,
} from '../../app/contract';
import { useCurrentUnit } from '../../app/current-unit';
import { DataTable, ListError, pagesOf, type DataColumn } from '../../app/DataTable';
import { formatNumber } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLabels } from '../../app/labels';
import { isEditConflict, membersApi } from './api';
import { FormModal } from './FormModal';
import { ImportWizard } from './ImportWizard';
import { PersonFields, personOf, valuesOf, type PersonValues } from './PersonFields';
import { ProposalName, useProposalColumns } from './proposalColumns';
import { ProposeForm } from './ProposeForm';
import { useInvalidateMembers, useMemberRights, useProposals } from './queries';

export const PROPOSAL_COLORS: Record<ProposalStatus, string> = {
  proposed: 'gold',
  returned: 'red',
  approved: 'green',
  withdrawn: 'default',
};

const PAGE_SIZE = 20;

function CorrectForm({
  proposal,
  scopeUnitId,
  onClose,
}: {
  proposal: ProposalView;
  scopeUnitId: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<PersonValues>();
  const invalidate = useInvalidateMembers();
  const returned = proposal.status === 'returned';
  return (
    <FormModal<PersonValues, CorrectResult>
      open
      onClose={onClose}
      form={form}
      width={820}
      title={t('proposals.correct.title', { name: proposal.fullName })}
      initialValues={{
        ...valuesOf(proposal),
        memberCode: proposal.secondMembership ? proposal.memberCode : null,
      }}
      okText={returned ? t('proposals.correct.submit') : t('common.save')}
      testId="proposal-correct-form"
      submit={async (values) => {
        try {
          // The version loaded with the list: a colleague's correction or decision meanwhile is a 409, not overwritten.
          return await membersApi.correct(scopeUnitId, proposal.id, {
            ...personOf(values),
            version: proposal.version,
          });
        } catch (error) {
          if (isEditConflict(error)) await invalidate();
          throw error;
        }
      }}
      successMessage={() => (returned ? t('proposals.corrected') : t('proposals.saved'))}
    >
      {returned && proposal.returnReason && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('proposals.correct.returned', { reason: proposal.returnReason })}
        />
      )}
      <PersonFields withMemberCode joinedOnOptional />
    </FormModal>
  );
}

export default function ProposalsPage() {
  const { t, errorText } = useI18n();
  const labels = useLabels();
  const { message } = AntApp.useApp();
  const { unit } = useCurrentUnit();
  const rights = useMemberRights();
  const invalidate = useInvalidateMembers();
  const [status, setStatus] = useState<ProposalStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const [proposing, setProposing] = useState(false);
  const [importing, setImporting] = useState(false);
  const [correcting, setCorrecting] = useState<ProposalView | null>(null);
  const proposals = useProposals(unit?.id, status === 'all' ? undefined : status, page, PAGE_SIZE);
  const shared = useProposalColumns();

  if (!rights.read) return <Alert type="warning" showIcon title={t('members.noPermission')} />;
  if (!unit) return <Alert type="info" showIcon title={t('dashboard.noUnit')} />;

  const withdraw = async (p: ProposalView) => {
    try {
      await membersApi.withdraw(unit.id, p.id);
      void message.success(t('proposals.withdrawn'));
      await invalidate();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  const columns: DataColumn<ProposalView>[] = [
    {
      key: 'name',
      title: t('member.fullName'),
      cardTitle: true,
      render: (_, p) => <ProposalName proposal={p} testId="proposal-name" />,
    },
    {
      key: 'status',
      // Status and actions stay in view at 1366 px: the other columns scroll under them.
      fixed: 'right',
      title: t('member.status'),
      render: (_, p) => (
        <div data-testid="proposal-status">
          <Tag color={PROPOSAL_COLORS[p.status]}>{labels.proposalStatus(p.status)}</Tag>
          {p.round > 1 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('proposals.round', { round: p.round })}
            </Typography.Text>
          )}
          {p.status === 'returned' && p.returnReason && (
            <div style={{ fontSize: 13 }}>{t('proposals.returnReason', { reason: p.returnReason })}</div>
          )}
          {p.status === 'approved' && p.memberCode && (
            <div style={{ fontSize: 13 }}>
              <Link to={`/members?q=${encodeURIComponent(p.memberCode)}`}>
                {t('proposals.approvedCode', { code: p.memberCode })}
              </Link>
            </div>
          )}
        </div>
      ),
    },
    shared.birthDate,
    shared.gender,
    shared.cccd,
    shared.unit,
    shared.approvingUnit,
    shared.proposedOn,
  ];
  if (rights.write)
    columns.push({
      key: 'actions',
      fixed: 'right',
      cardFooter: true,
      title: t('common.actions'),
      render: (_, p) =>
        p.status === 'proposed' || p.status === 'returned' ? (
          <Space size={4} wrap>
            <Button
              size="small"
              type={p.status === 'returned' ? 'primary' : 'default'}
              icon={<EditOutlined />}
              onClick={() => setCorrecting(p)}
              data-testid="proposal-correct"
            >
              {p.status === 'returned' ? t('proposals.correct') : t('proposals.edit')}
            </Button>
            <Popconfirm
              title={t('proposals.withdraw.confirm', { name: p.fullName })}
              okText={t('proposals.withdraw')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => withdraw(p)}
            >
              <Button size="small" danger data-testid="proposal-withdraw">
                {t('proposals.withdraw')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null,
    });

  const total = proposals.data?.total ?? 0;
  return (
    <Card>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('proposals.title')}
        </Typography.Title>
        {rights.write && (
          <Space wrap>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setProposing(true)}
              data-testid="proposal-new"
            >
              {t('proposals.new')}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('members.import')}
            </Button>
          </Space>
        )}
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('proposals.intro')}
      </Typography.Paragraph>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'center', marginBottom: 12 }}>
        <div style={{ maxWidth: '100%' }} className="cd-wrap-segmented">
          <Segmented<ProposalStatus | 'all'>
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('proposals.filter.allStatuses') },
              ...PROPOSAL_STATUSES.map((s) => ({ value: s, label: labels.proposalStatus(s) })),
            ]}
            data-testid="proposal-status-filter"
          />
        </div>
        <Typography.Text type="secondary">
          {t('proposals.total', { count: formatNumber(total) })}
        </Typography.Text>
      </div>
      <ListError error={proposals.error} />
      <DataTable<ProposalView>
        size="small"
        rowKey={(p) => p.id}
        columns={columns}
        dataSource={proposals.data?.proposals ?? []}
        loading={proposals.isFetching}
        testId="proposal-list"
        locale={{ emptyText: t('proposals.empty') }}
        pagination={pagesOf(page, PAGE_SIZE, total, setPage)}
      />
      <ProposeForm open={proposing} onClose={() => setProposing(false)} />
      <ImportWizard open={importing} onClose={() => setImporting(false)} />
      {correcting && (
        <CorrectForm proposal={correcting} scopeUnitId={unit.id} onClose={() => setCorrecting(null)} />
      )}
    </Card>
  );
}
