/**
 * One member as seen from a unit above them (/members/:unitId/:memberId): the record, where they belong now, their
 * stays and the history of events; and what can be done — correct the record, transfer, leave, reinstate, record a
 * death, print the card, export their own data for them. Every opening of this page is logged by the server.
 */
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  Alert,
  App as AntApp,
  Breadcrumb,
  Button,
  Card,
  Col,
  Dropdown,
  Result,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { DescriptionsProps, MenuProps } from 'antd';
import {
  DownOutlined,
  EditOutlined,
  ExportOutlined,
  IdcardOutlined,
  RollbackOutlined,
  StopOutlined,
  SwapOutlined,
  TeamOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import type { MemberDetail } from '../../app/contract';
import { ApiError } from '../../app/api';
import { RecordDetails } from '../../app/RecordDetails';
import { formatDate } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLabels } from '../../app/labels';
import { useIsMobile } from '../../app/responsive';
import { membersApi, openPdf, saveFile } from './api';
import { MemberCorrections, MemberStays, MemberTimeline } from './MemberHistory';
import {
  DeathForm,
  EditMemberForm,
  LeaveForm,
  ReinstateForm,
  TransferForm,
  type MemberAction,
} from './MemberForms';
import { STATUS_COLORS } from './shared';
import { useMember, useMemberRights, usePersonValues } from './queries';

function Record({ detail }: { detail: MemberDetail }) {
  const { t } = useI18n();
  const labels = useLabels();
  const values = usePersonValues();
  const { member } = detail;
  const dash = (v: string | null) => v ?? '—';
  const items: DescriptionsProps['items'] = [
    {
      key: 'code',
      label: t('member.code'),
      children: <Typography.Text copyable>{member.code}</Typography.Text>,
    },
    { key: 'birth', label: t('member.birthDate'), children: formatDate(member.birthDate) },
    { key: 'gender', label: t('member.gender'), children: labels.gender(member.gender) },
    {
      key: 'ethnicity',
      label: t('member.ethnicity'),
      children: values.ethnicity(member.ethnicityCode, member.ethnicityName),
    },
    { key: 'cccd', label: t('member.cccd'), children: dash(member.cccd) },
    { key: 'phone', label: t('member.phone'), children: dash(member.phone) },
    { key: 'joined', label: t('member.joinedOn'), children: formatDate(member.joinedOn) },
    {
      key: 'position',
      label: t('member.unionPosition'),
      children: dash(values.value('unionPosition', member.unionPosition)),
    },
    {
      key: 'occupation',
      label: t('member.occupation'),
      children: dash(values.value('occupation', member.occupation)),
    },
    {
      key: 'education',
      label: t('member.education'),
      children: dash(values.value('education', member.education)),
    },
    {
      key: 'religion',
      label: t('member.religion'),
      children: dash(values.value('religion', member.religion)),
    },
    { key: 'email', label: t('member.email'), children: dash(member.email) },
    {
      key: 'party',
      label: t('member.partyMember'),
      children: member.partyMember ? t('common.yes') : t('common.no'),
    },
  ];
  return <RecordDetails items={items} testId="member-record" />;
}

export default function MemberPage() {
  const { unitId = '', memberId = '' } = useParams();
  const { t, errorText } = useI18n();
  const labels = useLabels();
  const mobile = useIsMobile();
  const { message, modal } = AntApp.useApp();
  const rights = useMemberRights();
  const detail = useMember(unitId, memberId);
  const [action, setAction] = useState<MemberAction | null>(null);
  const [printing, setPrinting] = useState(false);

  if (detail.isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (detail.error instanceof ApiError && detail.error.status === 404)
    return (
      <Result
        status="info"
        title={t('member.notHere')}
        subTitle={t('member.notHere.help')}
        extra={<Link to="/members">{t('member.backToList')}</Link>}
      />
    );
  if (detail.error || !detail.data)
    return (
      <Result
        status="warning"
        title={t('member.loadFailed')}
        subTitle={errorText(detail.error)}
        extra={<Link to="/members">{t('member.backToList')}</Link>}
      />
    );

  const data = detail.data;
  const { member } = data;
  const active = member.status === 'active';
  const current = data.memberships.find((m) => m.unitId === data.currentUnitId);

  const printCard = async () => {
    setPrinting(true);
    try {
      await openPdf(() => membersApi.card(unitId, member.id));
      void message.success(t('member.card.opened'));
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setPrinting(false);
    }
  };
  const exportData = () =>
    modal.confirm({
      title: t('member.export.confirm', { name: member.fullName }),
      content: t('member.export.hint'),
      okText: t('member.action.export'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          saveFile(await membersApi.exportSelf(unitId, member.id));
          void message.success(t('member.export.done', { name: member.fullName }));
        } catch (error) {
          void message.error(errorText(error));
        }
      },
    });

  const actions: { key: string; label: string; icon: ReactNode; run: () => void; danger?: boolean }[] = [];
  // Issuing a card is an officer's work (the server asks members.write): a viewer is not offered it.
  if (active && rights.write)
    actions.push({
      key: 'card',
      label: t('member.action.card'),
      icon: <IdcardOutlined />,
      run: () => void printCard(),
    });
  if (rights.write) {
    actions.push({
      key: 'edit',
      label: t('member.action.edit'),
      icon: <EditOutlined />,
      run: () => setAction('edit'),
    });
    if (active) {
      actions.push(
        {
          key: 'transfer',
          label: t('member.action.transfer'),
          icon: <SwapOutlined />,
          run: () => setAction('transfer'),
        },
        {
          key: 'leave',
          label: t('member.action.leave'),
          icon: <RollbackOutlined />,
          run: () => setAction('leave'),
        },
        {
          key: 'death',
          label: t('member.action.death'),
          icon: <StopOutlined />,
          run: () => setAction('death'),
          danger: true,
        },
      );
    }
    if (member.status === 'left')
      actions.push({
        key: 'reinstate',
        label: t('member.action.reinstate'),
        icon: <UserAddOutlined />,
        run: () => setAction('reinstate'),
      });
  }
  if (rights.pii)
    actions.push({
      key: 'export',
      label: t('member.action.export'),
      icon: <ExportOutlined />,
      run: () => {
        exportData();
      },
    });

  const menu: MenuProps['items'] = actions.map((a) => ({
    key: a.key,
    label: a.label,
    icon: a.icon,
    danger: a.danger,
  }));
  const actionBar = mobile ? (
    <Dropdown
      menu={{ items: menu, onClick: ({ key }) => actions.find((a) => a.key === key)?.run() }}
      trigger={['click']}
    >
      <Button type="primary" block loading={printing} data-testid="member-actions">
        {t('member.actions')} <DownOutlined />
      </Button>
    </Dropdown>
  ) : (
    <Space wrap size={8}>
      {actions.map((a, i) => (
        <Button
          key={a.key}
          icon={a.icon}
          type={i === 0 ? 'primary' : 'default'}
          danger={a.danger}
          loading={a.key === 'card' && printing}
          onClick={a.run}
          data-testid={`member-action-${a.key}`}
        >
          {a.label}
        </Button>
      ))}
    </Space>
  );
  const formProps = { unitId, detail: data, onClose: () => setAction(null) };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb
        items={[
          {
            key: 'members',
            title: (
              <Link to="/members">
                <TeamOutlined /> {t('nav.memberList')}
              </Link>
            ),
          },
          { key: 'member', title: member.fullName },
        ]}
      />
      <Card>
        <Space size={8} wrap>
          <Tag color={STATUS_COLORS[member.status]}>{labels.memberStatus(member.status)}</Tag>
          <Typography.Text type="secondary">
            {t('member.code')}: {member.code}
          </Typography.Text>
        </Space>
        <Typography.Title level={3} style={{ margin: '8px 0 0' }} data-testid="member-name">
          {member.fullName}
        </Typography.Title>
        {current && (
          <Typography.Text type="secondary">
            {active ? t('member.currentUnit') : t('member.lastUnit')}:{' '}
            <Link to={`/units/${current.unitId}`} data-testid="member-current-unit">
              {current.unitName}
            </Link>
          </Typography.Text>
        )}
        {actions.length > 0 && <div style={{ marginTop: 16 }}>{actionBar}</div>}
      </Card>
      {!data.personalDataShown && <Alert type="info" showIcon title={t('members.masked')} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('member.record')} size="small">
              <Record detail={data} />
            </Card>
            <Card title={t('member.stays')} size="small">
              <MemberStays stays={data.memberships} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('member.history')} size="small">
            <MemberTimeline events={data.events} />
          </Card>
          <Card title={t('member.corrections')} size="small" style={{ marginTop: 16 }}>
            <MemberCorrections corrections={data.corrections} />
          </Card>
        </Col>
      </Row>
      {rights.write && (
        <>
          <EditMemberForm {...formProps} open={action === 'edit'} />
          <TransferForm {...formProps} open={action === 'transfer'} />
          <LeaveForm {...formProps} open={action === 'leave'} />
          <ReinstateForm {...formProps} open={action === 'reinstate'} />
          <DeathForm {...formProps} open={action === 'death'} />
        </>
      )}
    </Space>
  );
}
