/** The columns the proposals page and the approval queue share: the person's name and the facts about them. */
import type { ReactNode } from 'react';
import { Tag } from 'antd';
import type { ProposalView } from '../../app/contract';
import type { DataColumn } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLabels } from '../../app/labels';

/** The name, marked when the person is a member elsewhere already; `children` adds more marks. */
export function ProposalName({
  proposal,
  testId,
  children,
}: {
  proposal: ProposalView;
  testId: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <span data-testid={testId}>
      {proposal.fullName}
      {proposal.secondMembership && (
        <Tag style={{ marginInlineStart: 6 }}>{t('proposals.secondMembership')}</Tag>
      )}
      {children}
    </span>
  );
}

export function useProposalColumns() {
  const { t } = useI18n();
  const labels = useLabels();
  const column = (
    key: string,
    title: string,
    render: (p: ProposalView) => ReactNode,
  ): DataColumn<ProposalView> => ({ key, title, render: (_, p) => render(p) });
  return {
    birthDate: column('birthDate', t('member.birthDate'), (p) => formatDate(p.birthDate)),
    gender: column('gender', t('member.gender'), (p) => labels.gender(p.gender)),
    cccd: column('cccd', t('member.cccd'), (p) => p.cccd ?? '—'),
    // The date approval records: the proposal's (someone who joined earlier), else the approval day.
    joinedOn: column('joinedOn', t('member.joinedOn'), (p) =>
      p.joinedOn ? formatDate(p.joinedOn) : t('proposals.joinsOn.decision', { date: formatDate(p.joinsOn) }),
    ),
    unit: column('unit', t('proposals.unit'), (p) => p.unit.name),
    approvingUnit: column('approvingUnit', t('proposals.approvingUnit'), (p) => p.approvingUnit.name),
    proposedOn: column('proposedOn', t('proposals.proposedOn'), (p) => formatDate(p.proposedOn)),
  };
}
