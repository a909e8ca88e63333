/** A table on a wide screen, a list of cards on a phone: the same columns, read top to bottom. */
import type { Key, ReactNode } from 'react';
import { Alert, Card, Empty, Pagination, Spin, Table } from 'antd';
import type { TableColumnType, TableProps, TablePaginationConfig } from 'antd';
import { useIsMobile } from './responsive';
import { useI18n } from './i18n';

export type DataColumn<T> = TableColumnType<T> & {
  /** Shown as the card's heading on a phone instead of a labelled line. */
  cardTitle?: boolean;
  /** Left out of the phone card. */
  hideOnCard?: boolean;
};

interface Props<T> extends Omit<TableProps<T>, 'columns' | 'rowKey'> {
  columns: DataColumn<T>[];
  rowKey: (record: T) => Key;
  testId?: string;
}

function cellOf<T>(column: DataColumn<T>, record: T, index: number): ReactNode {
  const key = column.dataIndex as keyof T | undefined;
  const value = key === undefined ? undefined : record[key];
  if (column.render) return column.render(value, record, index) as ReactNode;
  return value === null || value === undefined ? '' : String(value);
}

function CardList<T extends object>({ columns, rowKey, testId, dataSource, loading, pagination }: Props<T>) {
  const { t } = useI18n();
  const data = dataSource ?? [];
  const heading = columns.find((c) => c.cardTitle);
  const body = columns.filter((c) => !c.cardTitle && !c.hideOnCard);
  return (
    <Spin spinning={loading === true}>
      <div data-testid={testId} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
        {data.length === 0 && <Empty description={t('common.noData')} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        {data.map((record, index) => (
          <Card
            key={rowKey(record)}
            size="small"
            title={heading ? cellOf(heading, record, index) : undefined}
          >
            {body.map((c, i) => (
              <div
                key={String(c.key ?? i)}
                style={{ display: 'flex', gap: 8, padding: '2px 0', minWidth: 0 }}
              >
                <span className="cd-muted" style={{ flex: '0 0 38%' }}>
                  {c.title as ReactNode}
                </span>
                <span style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
                  {cellOf(c, record, index)}
                </span>
              </div>
            ))}
          </Card>
        ))}
        {pagination && pagination.total !== undefined && pagination.total > (pagination.pageSize ?? 10) && (
          <Pagination
            className="cd-touch-pagination"
            align="center"
            current={pagination.current}
            pageSize={pagination.pageSize}
            total={pagination.total}
            showSizeChanger={false}
            onChange={(page, size) => pagination.onChange?.(page, size)}
          />
        )}
      </div>
    </Spin>
  );
}

export function DataTable<T extends object>(props: Props<T>) {
  const mobile = useIsMobile();
  if (mobile) return <CardList {...props} />;
  const { columns, rowKey, testId, ...rest } = props;
  return (
    <Table<T>
      columns={columns}
      rowKey={rowKey}
      data-testid={testId}
      scroll={{ x: 'max-content' }}
      {...rest}
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
