/**
 * The frame every member form shares: validation, the server's problems beside their fields (the rest above the
 * form), a success message, and a refresh of everything read from the registry.
 */
import { useState, type ReactNode } from 'react';
import { Alert, App as AntApp, Button, Form, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { applyServerErrors } from '../../app/forms';
import { useI18n } from '../../app/i18n';
import { useIsMobile } from '../../app/responsive';
import { useInvalidateMembers } from './queries';

interface Props<V, R> {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  /** Sends the form; returns what the success message needs, or null when there was nothing to send. */
  submit: (values: V) => Promise<R | null>;
  /** The success message (or null for none); `nothing` when submit returned null. */
  successMessage: (result: R) => string | null;
  nothingMessage?: string;
  onDone?: (result: R) => void;
  okText?: string;
  danger?: boolean;
  width?: number;
  renameField?: (field: string) => string | null;
  children: ReactNode;
  testId?: string;
}

export function FormModal<V extends object, R>({
  open,
  onClose,
  title,
  form,
  initialValues,
  submit,
  successMessage,
  nothingMessage,
  onDone,
  okText,
  danger,
  width = 680,
  renameField,
  children,
  testId,
}: Props<V, R>) {
  const { t, errorText } = useI18n();
  const { message } = AntApp.useApp();
  const mobile = useIsMobile();
  const invalidate = useInvalidateMembers();
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const onOk = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setErrors([]);
    try {
      const result = await submit(values);
      if (result === null) {
        if (nothingMessage) void message.info(nothingMessage);
        onClose();
        return;
      }
      const text = successMessage(result);
      if (text) void message.success(text);
      await invalidate();
      onDone?.(result);
      onClose();
    } catch (error) {
      const general = applyServerErrors(form, error, renameField);
      setErrors([errorText(error), ...general]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      width={width}
      destroyOnHidden
      mask={{ closable: false }}
      style={mobile ? { top: 8, maxWidth: 'calc(100vw - 16px)' } : undefined}
      afterOpenChange={(visible) => {
        if (!visible) setErrors([]);
      }}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger={danger}
          loading={saving}
          onClick={() => void onOk()}
          data-testid="member-form-submit"
        >
          {okText ?? t('common.save')}
        </Button>,
      ]}
    >
      <div data-testid={testId}>
        {errors.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={errors[0]}
            description={errors.length > 1 ? errors.slice(1).map((e) => <div key={e}>{e}</div>) : undefined}
            data-testid="member-form-error"
          />
        )}
        <Form<V>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          preserve={false}
          scrollToFirstError
        >
          {children}
        </Form>
      </div>
    </Modal>
  );
}
