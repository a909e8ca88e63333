/** Người dùng: accounts within the admin's scope, their roles per unit, lock-outs and passwords. */
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Dropdown, Space, Tag, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../app/api';
import { useCan, useMe } from '../../app/auth';
import type { UserView } from '../../app/contract';
import { DataTable, ListError, type DataColumn } from '../../app/DataTable';
import { formatDate, formatDateTime } from '../../app/format';
import { useIsMobile } from '../../app/responsive';
import { useI18n } from '../../app/i18n';
import { useLabels } from '../../app/labels';
import { GrantsModal, PasswordModal, UserFormModal } from './UserModals';
import { UnitName } from './UnitName';

export const userKeys = { all: ['users'] as const };

function status(user: UserView): 'disabled' | 'locked' | 'active' {
  if (user.disabled) return 'disabled';
  if (user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now()) return 'locked';
  return 'active';
}

export default function UsersPage() {
  const { t, errorText } = useI18n();
  const labels = useLabels();
  const me = useMe();
  const mobile = useIsMobile();
  const canManage = useCan('users.manage');
  const { message, modal } = AntApp.useApp();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: userKeys.all, queryFn: api.users, enabled: canManage });
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<UserView | null>(null);
  const [resetting, setResetting] = useState<UserView | null>(null);

  if (!canManage) return <Alert type="warning" showIcon title={t('users.noPermission')} />;

  const refresh = () => queryClient.invalidateQueries({ queryKey: userKeys.all });
  const update = async (user: UserView, change: { disabled?: boolean; unlock?: boolean }, done: string) => {
    try {
      await api.updateUser(user.id, change);
      void message.success(done);
      await refresh();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  const actionsOf = (user: UserView): MenuProps['items'] => {
    const state = status(user);
    return [
      { key: 'grants', label: t('users.action.grants') },
      { key: 'password', label: t('users.action.password') },
      ...(state === 'locked' ? [{ key: 'unlock', label: t('users.action.unlock') }] : []),
      user.disabled
        ? { key: 'enable', label: t('users.action.enable') }
        : { key: 'disable', label: t('users.action.disable'), danger: true, disabled: user.id === me.id },
    ];
  };

  const onAction = (user: UserView, key: string) => {
    if (key === 'grants') setGranting(user);
    if (key === 'password') setResetting(user);
    if (key === 'unlock') void update(user, { unlock: true }, t('users.unlocked'));
    if (key === 'enable') void update(user, { disabled: false }, t('users.enabled'));
    if (key === 'disable') {
      modal.confirm({
        title: t('users.disable.confirm', { name: user.fullName }),
        content: t('users.disable.hint'),
        okText: t('users.action.disable'),
        okButtonProps: { danger: true },
        cancelText: t('common.cancel'),
        onOk: () => update(user, { disabled: true }, t('users.disabled')),
      });
    }
  };

  const columns: DataColumn<UserView>[] = [
    {
      key: 'name',
      title: t('users.fullName'),
      cardTitle: true,
      sorter: (a, b) => a.fullName.localeCompare(b.fullName, 'vi'),
      render: (_, u) => (
        <span>
          {u.fullName} <Typography.Text type="secondary">({u.username})</Typography.Text>
        </span>
      ),
    },
    {
      key: 'grants',
      title: t('users.grants'),
      render: (_, u) => (
        <Space size={[4, 4]} wrap style={{ minWidth: 0 }}>
          {u.isSystemAdmin && (
            <Tag color="red" className="cd-wrap-tag">
              {labels.role('system_admin')}
            </Tag>
          )}
          {u.grants.map((g) =>
            g.unitEndedOn ? (
              // A role on a unit that has ended gives nothing now: shown apart, with the day it ended.
              <Tooltip key={g.id} title={t('users.grant.endedHint')}>
                <Tag className="cd-wrap-tag" data-testid="grant-ended">
                  <s>
                    {labels.role(g.role)} · <UnitName unitId={g.unitId} known={g.unitName} />
                  </s>{' '}
                  ({t('users.grant.ended', { date: formatDate(g.unitEndedOn) })})
                </Tag>
              </Tooltip>
            ) : (
              <Tag key={g.id} color="blue" className="cd-wrap-tag">
                {labels.role(g.role)} · <UnitName unitId={g.unitId} known={g.unitName} />
              </Tag>
            ),
          )}
          {!u.isSystemAdmin && u.grants.length === 0 && (
            <Typography.Text type="secondary">{t('users.grants.none')}</Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('users.status'),
      render: (_, u) => {
        const s = status(u);
        if (s === 'disabled') return <Tag>{t('users.status.disabled')}</Tag>;
        if (s === 'locked')
          return (
            <Tag color="orange">{t('users.status.locked', { until: formatDateTime(u.lockedUntil) })}</Tag>
          );
        return <Tag color="green">{t('users.status.active')}</Tag>;
      },
    },
    {
      key: 'contact',
      title: t('users.contact'),
      render: (_, u) => [u.email, u.phone].filter(Boolean).join(' · ') || '—',
    },
    { key: 'lastLogin', title: t('users.lastLogin'), render: (_, u) => formatDateTime(u.lastLoginAt) || '—' },
    {
      key: 'actions',
      title: t('common.actions'),
      align: 'right',
      fixed: 'right',
      width: 96,
      render: (_, u) => (
        <Dropdown menu={{ items: actionsOf(u), onClick: ({ key }) => onAction(u, key) }} trigger={['click']}>
          <Button icon={<MoreOutlined />} aria-label={t('common.actions')} data-testid="user-actions" />
        </Dropdown>
      ),
    },
  ];

  const createButton = (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      onClick={() => setCreating(true)}
      block={mobile}
      style={mobile ? { marginBottom: 12 } : undefined}
      data-testid="user-create"
    >
      {t('users.create')}
    </Button>
  );

  return (
    <Card title={t('users.title')} extra={mobile ? undefined : createButton}>
      {mobile && createButton}
      <ListError error={users.error} />
      <DataTable<UserView>
        rowKey={(u) => u.id}
        columns={columns}
        dataSource={users.data?.users ?? []}
        loading={users.isLoading}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        testId="users-table"
      />
      <UserFormModal open={creating} onClose={() => setCreating(false)} onSaved={refresh} />
      {granting && <GrantsModal user={granting} onClose={() => setGranting(null)} onSaved={refresh} />}
      {resetting && <PasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </Card>
  );
}
