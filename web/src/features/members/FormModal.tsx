/**
 * The frame every member form shares (validation, the server's problems beside their fields) plus what follows a
 * save here: a success message, and a refresh of everything read from the registry.
 */
import { App as AntApp } from 'antd';
import { FormDialog, type FormDialogProps } from '../../app/FormDialog';
import { useInvalidateMembers } from './queries';

type Props<V, R> = Omit<
  FormDialogProps<V>,
  'save' | 'width' | 'fitPhone' | 'submitTestId' | 'errorTestId'
> & {
  /** Sends the form; returns what the success message needs, or null when there was nothing to send. */
  submit: (values: V) => Promise<R | null>;
  /**
   * Asked after validation, before sending (a transfer names where the person goes): false keeps the dialog open,
   * nothing sent.
   */
  confirm?: (values: V) => Promise<boolean>;
  /** The success message (or null for none); `nothingMessage` when submit returned null. */
  successMessage: (result: R) => string | null;
  nothingMessage?: string;
  onDone?: (result: R) => void;
  width?: number;
};

export function FormModal<V extends object, R>({
  submit,
  confirm,
  successMessage,
  nothingMessage,
  onDone,
  onClose,
  width = 680,
  ...frame
}: Props<V, R>) {
  const { message } = AntApp.useApp();
  const invalidate = useInvalidateMembers();

  const save = async (values: V) => {
    if (confirm && !(await confirm(values))) return;
    const result = await submit(values);
    if (result === null) {
      if (nothingMessage) void message.info(nothingMessage);
      onClose();
      return;
    }
    const text = successMessage(result);
    if (text) void message.success(text);
    // Before the refresh: a page the change takes the record away from (a transfer) is left before it reloads.
    onDone?.(result);
    await invalidate();
    onClose();
  };

  return (
    <FormDialog<V>
      {...frame}
      onClose={onClose}
      width={width}
      save={save}
      fitPhone
      submitTestId="member-form-submit"
      errorTestId="member-form-error"
    />
  );
}
