/**
 * What every form that saves through the API shares: validation first, then the call, the server's problems beside
 * their fields (the rest in an alert above the form), and a modal frame with Cancel and a submit button.
 */
import { useState, type CSSProperties, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { ApiError } from './api';
import { applyServerErrors } from './forms';
import { useI18n } from './i18n';
import { useIsMobile } from './responsive';

interface SubmitOptions {
  /** Maps a server problem's field to the form's field name (or null to show it above the form). */
  renameField?: (field: string) => string | null;
  /** Called after a refused save, once the problems are shown. */
  onError?: () => void;
}

/** Someone saved or decided the same record meanwhile (409): the data on screen is stale. */
export function isConflict(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 409 &&
    (error.code === 'version_conflict' ||
      error.code === 'state_conflict' ||
      error.code.endsWith('_meanwhile'))
  );
}

/**
 * Validates the form, then runs `save`; a refusal fills `errors` (the server's message, then its problems that
 * match no field, each naming its field) and `conflict` when the data was stale. `run` says whether it went through.
 */
export function useFormSubmit<V>(form: FormInstance<V>, { renameField, onError }: SubmitOptions = {}) {
  const { errorTitle, problemText, problemMessage } = useI18n();
  const [saving, setSaving] = useState(false);
  const [errors, setErrorList] = useState<string[]>([]);
  const [conflict, setConflict] = useState(false);
  const setErrors = (next: string[]) => {
    setErrorList(next);
    if (next.length === 0) setConflict(false);
  };
  const run = async (save: (values: V) => Promise<unknown>): Promise<boolean> => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return false;
    }
    setSaving(true);
    setErrors([]);
    try {
      await save(values);
      return true;
    } catch (error) {
      const general = applyServerErrors(form, error, renameField, problemText, problemMessage);
      setErrorList([errorTitle(error), ...general]);
      setConflict(isConflict(error));
      onError?.();
      return false;
    } finally {
      setSaving(false);
    }
  };
  return { run, saving, errors, setErrors, conflict };
}

/** The first message as the alert's title, the others below it; nothing when there are none. */
export function FormErrors({
  errors,
  testId,
  flush,
  onClose,
  conflict,
  onReload,
}: {
  errors: string[];
  testId?: string;
  /** No margin below (the alert stands in a Space that spaces it already). */
  flush?: boolean;
  onClose?: () => void;
  /** The data was stale (409): a "Tải lại" button reloads every list and record on screen. */
  conflict?: boolean;
  /** After the reload (e.g. to clear the alert or put the new values in the form). */
  onReload?: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  if (errors.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={flush ? undefined : { marginBottom: 16 }}
      title={errors[0]}
      description={errors.length > 1 ? errors.slice(1).map((e) => <div key={e}>{e}</div>) : undefined}
      data-testid={testId}
      closable={onClose ? { onClose } : undefined}
      action={
        conflict ? (
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              void queryClient.invalidateQueries().then(() => onReload?.());
            }}
            data-testid="conflict-reload"
          >
            {t('common.reload')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** A dialog on a phone: nearly the whole screen. */
export const PHONE_DIALOG_STYLE: CSSProperties = { top: 8, maxWidth: 'calc(100vw - 16px)' };

interface FooterButton {
  text: ReactNode;
  onClick: () => void;
  loading?: boolean;
  danger?: boolean;
  testId?: string;
}

/** A dialog's footer: a plain button (Cancel, Back) and the primary one. */
export function dialogFooter(plain: FooterButton, primary: FooterButton): ReactNode[] {
  return [
    <Button key="cancel" onClick={plain.onClick} data-testid={plain.testId}>
      {plain.text}
    </Button>,
    <Button
      key="ok"
      type="primary"
      danger={primary.danger}
      loading={primary.loading}
      onClick={primary.onClick}
      data-testid={primary.testId}
    >
      {primary.text}
    </Button>,
  ];
}

export interface FormDialogProps<V> {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  /** Runs after validation; a throw shows the server's problems and keeps the dialog open. */
  save: (values: V) => Promise<unknown>;
  renameField?: (field: string) => string | null;
  okText?: string;
  danger?: boolean;
  width: number;
  /** Nearly the whole screen on a phone. */
  fitPhone?: boolean;
  children: ReactNode;
  testId?: string;
  /** Test ids of the submit button and of the error alert. */
  submitTestId: string;
  errorTestId: string;
}

export function FormDialog<V extends object>({
  open,
  onClose,
  title,
  form,
  initialValues,
  save,
  renameField,
  okText,
  danger,
  width,
  fitPhone,
  children,
  testId,
  submitTestId,
  errorTestId,
}: FormDialogProps<V>) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const { run, saving, errors, setErrors, conflict } = useFormSubmit(form, { renameField });

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      width={width}
      destroyOnHidden
      mask={{ closable: false }}
      style={fitPhone && mobile ? PHONE_DIALOG_STYLE : undefined}
      afterOpenChange={(visible) => {
        if (!visible) setErrors([]);
      }}
      footer={dialogFooter(
        { text: t('common.cancel'), onClick: onClose },
        {
          text: okText ?? t('common.save'),
          onClick: () => void run(save),
          loading: saving,
          danger,
          testId: submitTestId,
        },
      )}
    >
      <div data-testid={testId}>
        <FormErrors
          errors={errors}
          testId={errorTestId}
          conflict={conflict}
          onReload={() => {
            // The fields take the record as it is now; what the person typed is theirs to type again.
            form.resetFields();
            setErrors([]);
          }}
        />
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
