/**
 * A table on a wide screen, a list of cards on a phone: the same columns, read top to bottom. The table fits its
 * box (headers wrap rather than being cut); a card shows the key fields, the rest one tap away; rows selectable in
 * the table are selectable on the cards too.
 */
import { cloneElement, isValidElement, useState, type Key, type ReactNode } from 'react';
import { Alert, Button, Card, Checkbox, Empty, Pagination, Spin, Table } from 'antd';
import type { PaginationProps, TableColumnType, TableProps, TablePaginationConfig } from 'antd';
import { useIsMobile } from './responsive';
import { useI18n, type Translate } from './i18n';

export type DataColumn<T> = TableColumnType<T> & {
  /** Shown as the card's heading on a phone instead of a labelled line. */
  cardTitle?: boolean;
  /** Left out of the phone card. */
  hideOnCard?: boolean;
  /** On the phone card only after "Xem thêm" (the card shows the key fields first). */
  cardDetail?: boolean;
  /** At the foot of the phone card, the card's full width and no label (its buttons). */
  cardFooter?: boolean;
};

interface Props<T> extends Omit<TableProps<T>, 'columns' | 'rowKey'> {
  columns: DataColumn<T>[];
  rowKey: (record: T) => Key;
  testId?: string;
}

/** The previous and next page arrows named in the reader's language (antd names them by their icons, "left"/"right"). */
function pageArrows(t: Translate): PaginationProps['itemRender'] {
  return (_page, type, original) =>
    (type === 'prev' || type === 'next') && isValidElement<{ 'aria-label'?: string }>(original)
      ? cloneElement(original, { 'aria-label': t(type === 'prev' ? 'common.prevPage' : 'common.nextPage') })
      : original;
}

function cellOf<T>(column: DataColumn<T>, record: T, index: number): ReactNode {
  const key = column.dataIndex as keyof T | undefined;
  const value = key === undefined ? undefined : record[key];
  if (column.render) return column.render(value, record, index) as ReactNode;
  return value === null || value === undefined ? '' : String(value);
}

function CardList<T extends object>({
  columns,
  rowKey,
  testId,
  dataSource,
  loading,
  pagination,
  rowSelection,
  locale,
}: Props<T>) {
  const { t } = useI18n();
  const [opened, setOpened] = useState<Set<Key>>(new Set());
  const data = dataSource ?? [];
  const heading = columns.find((c) => c.cardTitle);
  const body = columns.filter((c) => !c.cardTitle && !c.hideOnCard && !c.cardFooter);
  const footer = columns.filter((c) => c.cardFooter && !c.hideOnCard);
  const selected = new Set(rowSelection?.selectedRowKeys ?? []);
  const select = (key: Key, on: boolean) => {
    const keys = on ? [...selected, key] : [...selected].filter((k) => k !== key);
    const rows = data.filter((r) => keys.includes(rowKey(r)));
    rowSelection?.onChange?.(keys, rows, { type: 'multiple' });
  };
  const line = (c: DataColumn<T>, record: T, index: number, i: number) => (
    <div key={String(c.key ?? i)} style={{ display: 'flex', gap: 8, padding: '2px 0', minWidth: 0 }}>
      <span className="cd-muted" style={{ flex: '0 0 38%' }}>
        {c.title as ReactNode}
      </span>
      <span style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>{cellOf(c, record, index)}</span>
    </div>
  );
  return (
    <Spin spinning={loading === true}>
      <div
        data-testid={testId}
        // Room for the spinner while the first rows load.
        style={{
          display: 'flex',
          flexDirection: 'column',
          gap: 8,
          minHeight: loading === true && data.length === 0 ? 96 : undefined,
        }}
      >
        {data.length === 0 &&
          loading !== true &&
          (locale?.emptyText !== undefined ? (
            <Empty description={locale.emptyText as ReactNode} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <Empty description={t('common.noData')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ))}
        {data.map((record, index) => {
          const key = rowKey(record);
          const open = opened.has(key);
          const shown = body.filter((c) => !c.cardDetail);
          const more = body.filter((c) => c.cardDetail);
          const checkbox = rowSelection ? (
            <Checkbox
              checked={selected.has(key)}
              disabled={rowSelection.getCheckboxProps?.(record)?.disabled}
              onChange={(e) => select(key, e.target.checked)}
              aria-label={t('common.selectRow')}
              data-testid={testId ? `${testId}-check` : undefined}
              style={{ padding: 8, margin: -8 }}
            />
          ) : null;
          const title = heading ? cellOf(heading, record, index) : undefined;
          return (
            <Card
              key={key}
              size="small"
              data-testid={testId ? `${testId}-card` : undefined}
              title={
                checkbox || title ? (
                  <div style={{ display: 'flex', gap: 10, alignItems: 'center', minWidth: 0 }}>
                    {checkbox}
                    <div style={{ minWidth: 0, whiteSpace: 'normal', overflowWrap: 'anywhere' }}>{title}</div>
                  </div>
                ) : undefined
              }
            >
              {shown.map((c, i) => line(c, record, index, i))}
              {open && more.map((c, i) => line(c, record, index, i))}
              {more.length > 0 && (
                <Button
                  type="link"
                  size="small"
                  style={{ paddingInline: 0, height: 40 }}
                  aria-expanded={open}
                  data-testid={testId ? `${testId}-more` : undefined}
                  onClick={() =>
                    setOpened((was) => {
                      const next = new Set(was);
                      if (open) next.delete(key);
                      else next.add(key);
                      return next;
                    })
                  }
                >
                  {open ? t('common.showLess') : t('common.showMore', { count: more.length })}
                </Button>
              )}
              {footer.map((c, i) => (
                <div
                  key={String(c.key ?? i)}
                  className="cd-card-footer"
                  style={{ display: 'flex', flexWrap: 'wrap', gap: 8, paddingTop: 8, minWidth: 0 }}
                >
                  {cellOf(c, record, index)}
                </div>
              ))}
            </Card>
          );
        })}
        {pagination && pagination.total !== undefined && pagination.total > (pagination.pageSize ?? 10) && (
          <Pagination
            className="cd-touch-pagination"
            align="center"
            current={pagination.current}
            pageSize={pagination.pageSize}
            total={pagination.total}
            showSizeChanger={false}
            itemRender={pageArrows(t)}
            onChange={(page, size) => pagination.onChange?.(page, size)}
          />
        )}
      </div>
    </Spin>
  );
}

export function DataTable<T extends object>(props: Props<T>) {
  const mobile = useIsMobile();
  const { t } = useI18n();
  if (mobile) return <CardList {...props} />;
  const { columns, rowKey, testId, pagination, ...rest } = props;
  return (
    <Table<T>
      columns={columns}
      rowKey={rowKey}
      data-testid={testId}
      // The table takes its box and its columns share it, long cells and headers wrapping (never cut with "…");
      // only a table that cannot fit even so scrolls sideways.
      tableLayout="auto"
      scroll={{ x: true }}
      className="cd-data-table"
      {...rest}
      pagination={pagination === false ? false : { itemRender: pageArrows(t), ...pagination }}
      // While a list loads it has no rows yet, which is not "no data": the spinner alone says so.
      locale={
        rest.loading === true ? { ...rest.locale, emptyText: <div style={{ height: 64 }} /> } : rest.locale
      }
    />
  );
}

/** A list's pages of a fixed size, the current one kept by the caller. */
export function pagesOf(
  current: number,
  pageSize: number,
  total: number,
  onChange: (page: number) => void,
): TablePaginationConfig {
  return { current, pageSize, total, showSizeChanger: false, onChange };
}

/** Why a list could not be read (nothing when it could). */
export function ListError({ error }: { error: unknown }) {
  const { errorText } = useI18n();
  if (!error) return null;
  return <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} />;
}
