/**
 * A member's history: the membership events newest first (a transfer, stored as "out" at one unit and "in" at the
 * other, reads as one line "from … to …"), the stays they made, and the corrections of the personal data.
 */
import { Link } from 'react-router-dom';
import { Empty, Tag, Timeline } from 'antd';
import type { MemberDetail, MemberEventView, MembershipView, MembershipEventKind } from '../../app/contract';
import { DataTable, type DataColumn } from '../../app/DataTable';
import { formatDate, formatDateTime, formatLastDay, OPEN_END } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { vi } from '../../app/i18n/vi';
import { auditFieldLabel, HIDDEN_AUDIT_FIELDS } from '../admin/audit-labels';
import { useLabels } from '../../app/labels';
import { TimelineEntry } from '../../app/TimelineEntry';
import { correctionValueText } from './person-values';
import { usePersonValues } from './queries';

const COLORS: Record<MembershipEventKind, { dot: string; tag: string }> = {
  admit: { dot: 'green', tag: 'green' },
  transfer_in: { dot: 'blue', tag: 'blue' },
  transfer_out: { dot: 'blue', tag: 'blue' },
  leave: { dot: 'gray', tag: 'default' },
  reinstate: { dot: 'cyan', tag: 'cyan' },
  death: { dot: 'purple', tag: 'purple' },
};

/** The "in" half of a transfer whose "out" half is shown: same day, the two units swapped. */
function isSecondHalf(event: MemberEventView, all: readonly MemberEventView[]): boolean {
  return (
    event.kind === 'transfer_in' &&
    all.some(
      (o) =>
        o.kind === 'transfer_out' &&
        o.effectiveOn === event.effectiveOn &&
        o.relatedUnitName === event.unitName &&
        event.relatedUnitName === o.unitName,
    )
  );
}

export function MemberTimeline({ events }: { events: MemberEventView[] }) {
  const { t } = useI18n();
  const labels = useLabels();
  const shown = events.filter((e) => !isSecondHalf(e, events)).reverse();
  if (shown.length === 0)
    return (
      <div data-testid="member-timeline">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('member.history.empty')} />
      </div>
    );
  const line = (event: MemberEventView): string => {
    switch (event.kind) {
      case 'transfer_out':
        return t('member.history.transfer', { from: event.unitName, to: event.relatedUnitName ?? '—' });
      case 'transfer_in':
        return t('member.history.transfer', { from: event.relatedUnitName ?? '—', to: event.unitName });
      case 'admit':
        return t('member.history.admit', { unit: event.unitName });
      default:
        return t('member.history.at', { unit: event.unitName });
    }
  };
  /** How an admission came about: the proposal approved, or a list entered by the admitting union. */
  const admission = ({ proposal }: MemberEventView): string =>
    proposal
      ? t('member.history.proposal', {
          proposedOn: formatDate(proposal.proposedOn),
          round:
            proposal.round > 1 ? t('member.history.proposal.round', { round: String(proposal.round) }) : '',
          approver: proposal.approvingUnitName,
          decidedOn: proposal.decidedAt ? formatDateTime(proposal.decidedAt) : '—',
          by: proposal.decidedByName ? t('member.history.proposal.by', { name: proposal.decidedByName }) : '',
        })
      : t('member.history.direct');
  return (
    <Timeline
      data-testid="member-timeline"
      items={shown.map((event) => {
        const kind = event.kind as MembershipEventKind;
        const label = kind === 'transfer_out' ? t('member.action.transfer') : labels.memberEvent(event.kind);
        return {
          key: event.id,
          color: COLORS[kind]?.dot ?? 'gray',
          content: (
            <TimelineEntry event={event} label={label} color={COLORS[kind]?.tag} testId="member-event">
              <div>{line(event)}</div>
              {event.kind === 'admit' && <div data-testid="member-event-proposal">{admission(event)}</div>}
              {event.reason && (
                <div>{t('member.history.reason', { reason: labels.leaveReason(event.reason) })}</div>
              )}
            </TimelineEntry>
          ),
        };
      })}
    />
  );
}

export function MemberStays({ stays }: { stays: MembershipView[] }) {
  const { t } = useI18n();
  const labels = useLabels();
  const columns: DataColumn<MembershipView>[] = [
    {
      key: 'unit',
      title: t('member.stays.unit'),
      cardTitle: true,
      render: (_, s) => <Link to={`/units/${s.unitId}`}>{s.unitName}</Link>,
    },
    { key: 'from', title: t('unit.history.from'), render: (_, s) => formatDate(s.validFrom) },
    {
      key: 'to',
      title: t('unit.history.to'),
      render: (_, s) =>
        s.validTo === OPEN_END ? <Tag color="green">{t('unit.history.now')}</Tag> : formatLastDay(s.validTo),
    },
    { key: 'start', title: t('member.stays.start'), render: (_, s) => labels.memberEvent(s.startKind) },
    {
      key: 'end',
      title: t('member.stays.end'),
      render: (_, s) => (s.endKind ? labels.memberEvent(s.endKind) : '—'),
    },
  ];
  return (
    <DataTable<MembershipView>
      size="small"
      rowKey={(s) => `${s.unitId}:${s.validFrom}`}
      columns={columns}
      dataSource={[...stays].sort((a, b) => b.validFrom.localeCompare(a.validFrom))}
      pagination={false}
      testId="member-stays"
    />
  );
}

/** The corrections of the record, newest first: when, by whom, each field from what to what. */
export function MemberCorrections({ corrections }: { corrections: MemberDetail['corrections'] }) {
  const { t } = useI18n();
  const values = usePersonValues();
  const shown = (field: string, value: string | boolean | null) =>
    correctionValueText(field, value, t, values);
  if (corrections.length === 0)
    return (
      <div data-testid="member-corrections">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('member.corrections.empty')} />
      </div>
    );
  return (
    <Timeline
      data-testid="member-corrections"
      items={[...corrections].reverse().map((c, i) => ({
        key: `${c.at}:${i}`,
        color: 'orange',
        children: (
          <div>
            <div className="cd-muted">
              {formatDateTime(c.at)}
              {c.byName ? ` · ${c.byName}` : ''}
            </div>
            {c.changes
              .filter((change) => !HIDDEN_AUDIT_FIELDS.has(change.field))
              .map((change) => (
                <div key={change.field}>
                  {t('member.corrections.change', {
                    // The field in the reader's language (the audit log's labels), the server's Vietnamese label else.
                    field: auditFieldLabel(change.field, t, vi) ?? change.label,
                    before: shown(change.field, change.before),
                    after: shown(change.field, change.after),
                  })}
                </div>
              ))}
          </div>
        ),
      }))}
    />
  );
}
