/** Create a user, manage their roles per unit, reset their password. */
import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../app/api';
import { useMe } from '../../app/auth';
import { ROLES, type Role, type UserView } from '../../app/contract';
import { useCurrentUnit } from '../../app/current-unit';
import { FormDialog, FormErrors, useFormSubmit } from '../../app/FormDialog';
import { todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLabels } from '../../app/labels';
import { UnitSelect } from '../organisation/components';
import { UnitName } from './UnitName';

function useRoleOptions() {
  const labels = useLabels();
  return ROLES.map((role) => ({ value: role, label: labels.role(role) }));
}

interface CreateValues {
  username: string;
  fullName: string;
  password: string;
  email?: string;
  phone?: string;
  isSystemAdmin?: boolean;
  grants: { role: Role; unitId: string }[];
}

export function UserFormModal({
  open,
  onClose,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: () => Promise<unknown>;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const me = useMe();
  const { unit } = useCurrentUnit();
  const roles = useRoleOptions();
  const [form] = Form.useForm<CreateValues>();
  const { run, errors, saving } = useFormSubmit(form);
  const initial = unit ? [{ id: unit.id, name: unit.name }] : [];

  const onOk = async () => {
    const ok = await run((v) =>
      api.createUser({
        username: v.username.trim(),
        fullName: v.fullName.trim(),
        password: v.password,
        email: v.email?.trim() || null,
        phone: v.phone?.trim() || null,
        isSystemAdmin: v.isSystemAdmin ?? false,
        grants: v.grants,
      }),
    );
    if (ok) {
      void message.success(t('users.created'));
      await onSaved();
      onClose();
    }
  };

  return (
    <Modal
      open={open}
      title={t('users.create')}
      width={640}
      onCancel={onClose}
      destroyOnHidden
      okText={t('users.create.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void onOk()}
    >
      <FormErrors errors={errors} />
      <Form<CreateValues>
        form={form}
        layout="vertical"
        preserve={false}
        // The unit is the working one; the role is the administrator's choice, never assumed.
        initialValues={{ grants: unit ? [{ unitId: unit.id }] : [] }}
      >
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item
            name="fullName"
            label={t('users.fullName')}
            rules={[{ required: true, message: t('users.fullName.required') }]}
            style={{ flex: '1 1 240px' }}
          >
            <Input maxLength={120} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="username"
            label={t('users.username')}
            rules={[
              { required: true, message: t('users.username.required') },
              { min: 3, message: t('users.username.min') },
            ]}
            style={{ flex: '1 1 180px' }}
          >
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
        </div>
        <Form.Item
          name="password"
          label={t('users.password')}
          extra={t('password.rule')}
          rules={[{ required: true, message: t('password.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item
            name="email"
            label={t('users.email')}
            rules={[{ type: 'email', message: t('users.email.invalid') }]}
            style={{ flex: '1 1 240px' }}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="phone" label={t('users.phone')} style={{ flex: '1 1 180px' }}>
            <Input maxLength={30} />
          </Form.Item>
        </div>
        {me.isSystemAdmin && (
          <Form.Item name="isSystemAdmin" valuePropName="checked">
            <Checkbox>{t('users.isSystemAdmin')}</Checkbox>
          </Form.Item>
        )}
        <Typography.Text strong>{t('users.grants')}</Typography.Text>
        <Form.List name="grants">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item
                    name={[field.name, 'role']}
                    rules={[{ required: true, message: t('users.role.required') }]}
                  >
                    <Select
                      options={roles}
                      placeholder={t('users.role.required')}
                      style={{ width: 200, maxWidth: 'calc(100vw - 64px)' }}
                      data-testid="user-create-role"
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'unitId']}
                    rules={[{ required: true, message: t('users.unit.required') }]}
                  >
                    <UnitSelect
                      at={todayIso()}
                      initial={initial}
                      style={{ width: 300, maxWidth: 'calc(100vw - 64px)' }}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('common.remove')}
                  />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ unitId: unit?.id })}>
                {t('users.grants.add')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

interface GrantValues {
  role: Role;
  unitId: string;
}

export function GrantsModal({
  user,
  onClose,
  onSaved,
}: {
  user: UserView;
  onClose: () => void;
  onSaved: () => Promise<unknown>;
}) {
  const { t, errorText } = useI18n();
  const { message } = AntApp.useApp();
  const labels = useLabels();
  const roles = useRoleOptions();
  const { unit } = useCurrentUnit();
  const [form] = Form.useForm<GrantValues>();
  const { run, errors, saving } = useFormSubmit(form);
  const [grants, setGrants] = useState(user.grants);

  const add = async () => {
    let added: GrantValues | null = null;
    const ok = await run(async (v) => {
      await api.addGrant(user.id, v);
      added = v;
    });
    if (ok && added) {
      void message.success(t('users.grants.added'));
      const refreshed = await api.users();
      setGrants(refreshed.users.find((u) => u.id === user.id)?.grants ?? grants);
      form.resetFields();
      await onSaved();
    }
  };

  const remove = async (grantId: string) => {
    try {
      await api.removeGrant(grantId);
      setGrants((prev) => prev.filter((g) => g.id !== grantId));
      void message.success(t('users.grants.removed'));
      await onSaved();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <Modal
      open
      title={t('users.grants.title', { name: user.fullName })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      width={640}
      destroyOnHidden
    >
      <FormErrors errors={errors} />
      <div style={{ marginBottom: 16 }}>
        {grants.length === 0 && <Typography.Text type="secondary">{t('users.grants.none')}</Typography.Text>}
        {grants.map((g) => (
          <div
            key={g.id}
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: 8,
              padding: '6px 0',
              borderBottom: '1px solid #f0f0f0',
            }}
          >
            <Tag color="blue">{labels.role(g.role)}</Tag>
            <span style={{ flex: 1 }}>
              <UnitName unitId={g.unitId} known={g.unitName} />
            </span>
            <Popconfirm
              title={t('users.grants.remove.confirm')}
              okText={t('common.remove')}
              cancelText={t('common.cancel')}
              onConfirm={() => void remove(g.id)}
            >
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.remove')} />
            </Popconfirm>
          </div>
        ))}
      </div>
      <Typography.Text strong>{t('users.grants.add')}</Typography.Text>
      <Form<GrantValues>
        form={form}
        layout="vertical"
        initialValues={{ unitId: unit?.id }}
        style={{ marginTop: 8 }}
      >
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'flex-end' }}>
          <Form.Item
            name="role"
            label={t('users.role')}
            rules={[{ required: true, message: t('users.role.required') }]}
            style={{ flex: '0 1 200px' }}
          >
            <Select options={roles} />
          </Form.Item>
          <Form.Item
            name="unitId"
            label={t('users.unit')}
            rules={[{ required: true, message: t('users.unit.required') }]}
            style={{ flex: '1 1 240px' }}
          >
            <UnitSelect at={todayIso()} initial={unit ? [{ id: unit.id, name: unit.name }] : []} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" icon={<PlusOutlined />} loading={saving} onClick={() => void add()}>
              {t('users.grants.addButton')}
            </Button>
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

export function PasswordModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ password: string }>();
  return (
    <FormDialog<{ password: string }>
      open
      title={t('users.password.title', { name: user.fullName })}
      width={520}
      onClose={onClose}
      form={form}
      save={async (v) => {
        await api.setUserPassword(user.id, v.password);
        void message.success(t('users.password.done'));
        onClose();
      }}
      fitPhone
      testId="user-password-form"
      submitTestId="user-password-submit"
      errorTestId="user-password-error"
    >
      <Form.Item
        name="password"
        label={t('password.new')}
        extra={t('password.rule')}
        rules={[{ required: true, message: t('password.required') }]}
      >
        <Input.Password autoComplete="new-password" data-testid="user-password-new" />
      </Form.Item>
    </FormDialog>
  );
}
