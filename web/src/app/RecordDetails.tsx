/** A record's fields as label–value pairs: two columns on a wide screen, one on a phone. */
import { Descriptions } from 'antd';
import type { DescriptionsProps } from 'antd';

export function RecordDetails({ items, testId }: { items: DescriptionsProps['items']; testId: string }) {
  return (
    <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2 }} items={items} data-testid={testId} />
  );
}
