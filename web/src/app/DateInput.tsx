/**
 * The date field of every form: an antd DatePicker that reads the usual ways of typing a date (DATE_INPUT_FORMATS)
 * and, when what was typed is no date, says so under the field instead of silently keeping the old value.
 */
import { useState } from 'react';
import { DatePicker, type DatePickerProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { DATE_INPUT_FORMATS, DATE_PLACEHOLDER, parseTypedDate } from './format';
import { useI18n } from './i18n';

type DateInputProps = Omit<DatePickerProps, 'onChange' | 'multiple' | 'value' | 'defaultValue'> & {
  value?: Dayjs | null;
  defaultValue?: Dayjs | null;
  onChange?: (value: Dayjs | null, text: string) => void;
};

export function DateInput(props: DateInputProps) {
  const { t } = useI18n();
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const testId = (props as { 'data-testid'?: string })['data-testid'];
  // Enter on a text that is no date: said at once, and the box goes back to the date in use (leaving the field,
  // which the picker does on blur), so the box never shows a date the page is not using.
  const onKeyDown: DatePickerProps['onKeyDown'] = (event, preventDefault) => {
    if (event.key === 'Enter') {
      const input = event.target as HTMLInputElement;
      const text = input.value?.trim() ?? '';
      if (text && !parseTypedDate(text)) {
        preventDefault?.();
        setUnreadable(text);
        input.blur();
      }
    }
    props.onKeyDown?.(event, preventDefault);
  };
  const onBlur: DatePickerProps['onBlur'] = (event, info) => {
    const text = (event.target as HTMLInputElement).value?.trim() ?? '';
    setUnreadable(text && !parseTypedDate(text) ? text : null);
    props.onBlur?.(event, info);
  };
  return (
    <>
      <DatePicker
        format={DATE_INPUT_FORMATS}
        placeholder={DATE_PLACEHOLDER}
        {...props}
        status={unreadable ? 'error' : props.status}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
        onChange={(value, text) => {
          if (value) setUnreadable(null);
          props.onChange?.(value, String(text));
        }}
      />
      {unreadable && (
        <div
          className="ant-form-item-explain-error"
          role="alert"
          data-testid={testId ? `${testId}-unreadable` : undefined}
        >
          {t('date.unreadable', { text: unreadable })}
        </div>
      )}
    </>
  );
}
