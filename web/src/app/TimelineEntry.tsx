/** One event of a history timeline (a unit's restructurings, a member's membership): what, when, by which decision. */
import type { ReactNode } from 'react';
import { Space, Tag, Typography } from 'antd';
import { formatDate, formatDateTime } from './format';
import { useI18n } from './i18n';

export interface RecordedEvent {
  effectiveOn: string;
  decisionNo: string | null;
  decisionDate?: string | null;
  note: string | null;
  recordedByName: string | null;
  recordedAt: string;
}

export function TimelineEntry({
  event,
  label,
  color,
  heading,
  testId,
  recordedNote,
  children,
}: {
  event: RecordedEvent;
  /** The kind of event, as a tag before the date. */
  label: ReactNode;
  color: string | undefined;
  /** Shown after the date. */
  heading?: ReactNode;
  testId: string;
  /** Said instead of who recorded it and when: the entry was not recorded as an event (a unit's own founding date). */
  recordedNote?: string | undefined;
  /** What happened, between the heading and the decision. */
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div data-testid={testId} style={{ paddingBottom: 4 }}>
      <Space size={6} wrap style={{ marginBottom: 4 }}>
        <Tag color={color} style={{ marginInlineEnd: 0, fontWeight: 600 }}>
          {label}
        </Tag>
        <Typography.Text strong>{formatDate(event.effectiveOn)}</Typography.Text>
        {heading}
      </Space>
      {children}
      {(event.decisionNo ?? event.decisionDate) && (
        <div className="cd-muted" style={{ fontSize: 13 }}>
          {event.decisionNo ? t('event.decision', { no: event.decisionNo }) : t('event.decision.noNumber')}
          {event.decisionDate ? ` ${t('event.decision.date', { date: formatDate(event.decisionDate) })}` : ''}
        </div>
      )}
      {event.note && (
        <div style={{ fontSize: 13 }}>
          <span className="cd-muted">{t('event.note')}: </span>
          {event.note}
        </div>
      )}
      <div className="cd-muted" style={{ fontSize: 12 }}>
        {recordedNote ??
          t('event.recorded', {
            who: event.recordedByName ?? t('event.recorded.system'),
            at: formatDateTime(event.recordedAt),
          })}
      </div>
    </div>
  );
}
