/**
 * The editor of a dated list of reference data (unit types, sectors): a card with the entries (names in both
 * languages, abbreviation, validity, legal basis), and for system administrators an edit dialog with the id, the
 * names, the effective dates and the legal basis. A list adds its own columns and fields (a type's level, powers and
 * parents) and says how an entry is saved.
 */
import { useState, type CSSProperties, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Form, Input, Tag, Typography, type FormInstance } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useMe } from '../../app/auth';
import { DataTable, type DataColumn } from '../../app/DataTable';
import { DateInput } from '../../app/DateInput';
import { FormDialog } from '../../app/FormDialog';
import { formatDate, formatLastDay, fromIso, OPEN_END, toIso } from '../../app/format';
import { useI18n, type Translate } from '../../app/i18n';

/** An entry of a dated list as the server sends it. */
export interface DatedEntry {
  id: string;
  nameVi: string;
  nameEn: string;
  shortVi: string;
  validFrom: string;
  validTo: string;
  legalBasis: string | null;
}

/** The dialog's fields every dated list has. */
export interface DatedValues {
  id: string;
  nameVi: string;
  nameEn: string;
  shortVi: string;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
  legalBasis?: string;
}

/** What every dated list saves: trimmed names, ISO dates (no last day: open), an empty legal basis as null. */
export interface DatedFields {
  nameVi: string;
  nameEn: string;
  shortVi: string;
  validFrom: string;
  validTo: string;
  legalBasis: string | null;
}

/** "from 01/07/2025" or "01/01/2000 – 30/06/2025" (the last day, not the exclusive end). */
export function validity(from: string, to: string, t: Translate): string {
  return to === OPEN_END
    ? t('types.validity.from', { from: formatDate(from) })
    : t('types.validity.range', { from: formatDate(from), to: formatLastDay(to) });
}

/** A day picked in the dialog as the server takes it: no day is an open end. */
export const openEnd = (day: Dayjs | null | undefined): string => toIso(day) ?? OPEN_END;

interface Props<T extends DatedEntry, V extends DatedValues> {
  entries: readonly T[];
  loading: boolean;
  error: unknown;
  /** The card. */
  title: string;
  testId?: string;
  style?: CSSProperties;
  createLabel: string;
  /** The create button stands out (the page's main action). */
  createPrimary?: boolean;
  /** Said above the table to those who may not edit. */
  readOnlyNotice?: string;
  /** The table. */
  nameTitle: string;
  widths: { name?: number; short: number; validity: number };
  /** Columns after the abbreviation, and after the validity. */
  columnsAfterShort?: DataColumn<T>[];
  columnsAfterValidity?: DataColumn<T>[];
  scrollX?: number;
  /** The dialog. */
  dialog: {
    width?: number;
    idLabel: string;
    idRequired: string;
    idFlex: string;
    createTitle: string;
    editTitle: (name: string) => string;
    /** Fields beside the id and abbreviation, after the names, and after the legal basis. */
    besideId?: ReactNode;
    afterNames?: ReactNode;
    last?: (form: FormInstance<V>) => ReactNode;
    /** The dialog's values of a new entry beyond the common ones, and of an entry's own fields. */
    initial: (entry: T | null) => Partial<V>;
    save: (id: string, fields: DatedFields, values: V) => Promise<unknown>;
    saved: string;
    /** The query read again after a save. */
    queryKey: readonly string[];
  };
}

function DatedEntryModal<T extends DatedEntry, V extends DatedValues>({
  entry,
  dialog,
  onClose,
}: {
  entry: T | null;
  dialog: Props<T, V>['dialog'];
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<V>();

  const save = async (v: V) => {
    await dialog.save(
      v.id,
      {
        nameVi: v.nameVi.trim(),
        nameEn: v.nameEn.trim(),
        shortVi: v.shortVi.trim(),
        validFrom: toIso(v.validFrom) ?? '',
        validTo: openEnd(v.validTo),
        legalBasis: v.legalBasis?.trim() || null,
      },
      v,
    );
    void message.success(dialog.saved);
    await queryClient.invalidateQueries({ queryKey: dialog.queryKey });
    onClose();
  };

  const initial = {
    ...(entry
      ? {
          ...entry,
          legalBasis: entry.legalBasis ?? undefined,
          validFrom: fromIso(entry.validFrom),
          validTo: entry.validTo === OPEN_END ? null : fromIso(entry.validTo),
        }
      : {}),
    ...dialog.initial(entry),
  } as Partial<V>;

  return (
    <FormDialog<V>
      open
      title={entry ? dialog.editTitle(lang === 'vi' ? entry.nameVi : entry.nameEn) : dialog.createTitle}
      width={dialog.width ?? 520}
      onClose={onClose}
      form={form}
      initialValues={initial}
      save={save}
      renameField={(f) => f.replace(/^params\./, '')}
      fitPhone
      testId="dated-entry-form"
      submitTestId="dated-entry-submit"
      errorTestId="dated-entry-error"
    >
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item
          name="id"
          label={dialog.idLabel}
          rules={[
            { required: true, message: dialog.idRequired },
            { pattern: /^[a-z][a-z0-9_]{1,59}$/, message: t('types.id.pattern') },
          ]}
          style={{ flex: dialog.idFlex }}
        >
          <Input disabled={Boolean(entry)} />
        </Form.Item>
        <Form.Item
          name="shortVi"
          label={t('types.shortVi')}
          rules={[{ required: true, message: t('common.required') }]}
          style={{ flex: '1 1 140px' }}
        >
          <Input maxLength={60} />
        </Form.Item>
        {dialog.besideId}
      </div>
      <Form.Item
        name="nameVi"
        label={t('types.nameVi')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="nameEn"
        label={t('types.nameEn')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      {dialog.afterNames}
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item
          name="validFrom"
          label={t('types.validFrom')}
          rules={[{ required: true, message: t('common.required') }]}
          style={{ flex: '1 1 180px' }}
        >
          <DateInput style={{ width: '100%' }} data-testid="dated-entry-from" />
        </Form.Item>
        <Form.Item
          name="validTo"
          label={t('types.validTo')}
          extra={t('types.validTo.hint')}
          style={{ flex: '1 1 180px' }}
        >
          <DateInput style={{ width: '100%' }} data-testid="dated-entry-to" />
        </Form.Item>
      </div>
      <Form.Item name="legalBasis" label={t('types.legalBasis')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      {dialog.last?.(form)}
    </FormDialog>
  );
}

export function DatedListEditor<T extends DatedEntry, V extends DatedValues>(props: Props<T, V>) {
  const { t, errorText, lang } = useI18n();
  const me = useMe();
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const { widths } = props;

  const columns: DataColumn<T>[] = [
    {
      key: 'name',
      title: props.nameTitle,
      cardTitle: true,
      width: widths.name,
      render: (_, entry) => (
        <div style={{ whiteSpace: 'normal' }}>
          <div style={{ fontWeight: 500 }}>{lang === 'vi' ? entry.nameVi : entry.nameEn}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'vi' ? entry.nameEn : entry.nameVi}
          </Typography.Text>
          {entry.legalBasis && (
            <div style={{ fontSize: 12, marginTop: 4 }}>
              <Typography.Text type="secondary">{t('types.legalBasis')}: </Typography.Text>
              {entry.legalBasis}
            </div>
          )}
        </div>
      ),
    },
    {
      key: 'short',
      title: t('types.shortVi'),
      width: widths.short,
      render: (_, entry) => <Tag color="blue">{entry.shortVi}</Tag>,
    },
    ...(props.columnsAfterShort ?? []),
    {
      key: 'validity',
      title: t('types.validity'),
      width: widths.validity,
      render: (_, entry) => validity(entry.validFrom, entry.validTo, t),
    },
    ...(props.columnsAfterValidity ?? []),
    ...(me.isSystemAdmin
      ? [
          {
            key: 'edit',
            title: '',
            width: 64,
            render: (_: unknown, entry: T) => (
              <Button
                icon={<EditOutlined />}
                onClick={() => setEditing(entry)}
                aria-label={t('common.edit')}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={props.title}
      style={props.style}
      data-testid={props.testId}
      extra={
        me.isSystemAdmin ? (
          <Button
            type={props.createPrimary ? 'primary' : 'default'}
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
          >
            {props.createLabel}
          </Button>
        ) : null
      }
    >
      {!me.isSystemAdmin && props.readOnlyNotice && (
        <Alert type="info" showIcon title={props.readOnlyNotice} style={{ marginBottom: 12 }} />
      )}
      {props.error ? <Alert type="error" showIcon title={errorText(props.error)} /> : null}
      <DataTable<T>
        rowKey={(entry) => entry.id}
        columns={columns}
        dataSource={[...props.entries]}
        loading={props.loading}
        pagination={false}
        size="small"
        tableLayout="fixed"
        scroll={props.scrollX ? { x: props.scrollX } : undefined}
      />
      {editing && (
        <DatedEntryModal<T, V>
          entry={editing === 'new' ? null : editing}
          dialog={props.dialog}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}
