/**
 * A unit's report read by its approver: status, deadline, every figure by section with the rule messages, and the
 * approver's moves — Duyệt, Trả lại (with the comment the unit will read), and for an approved report Mở lại (with
 * its reason). Each move sends the version read, so a report changed meanwhile is refused and reloaded.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Descriptions, Input, Modal, Skeleton, Space, Typography } from 'antd';
import { CheckOutlined, RollbackOutlined, UnlockOutlined } from '@ant-design/icons';
import { useI18n } from '../../app/i18n';
import { formatDate } from '../../app/format';
import { useIsMobile } from '../../app/responsive';
import { reportsApi, type ReportMove } from './api';
import { reportKeys, useInvalidateReports } from './queries';
import { Deadline, formatFigure, nameIn, periodLabel, StatusTag } from './shared';

export interface ReportRef {
  unitId: string;
  unitName: string;
  formId: string;
  periodCode: string;
}

export function ReportReview({ target, onClose }: { target: ReportRef | null; onClose: () => void }) {
  const { t, lang, errorText } = useI18n();
  const mobile = useIsMobile();
  const { message, modal } = AntApp.useApp();
  const invalidate = useInvalidateReports();
  const [asking, setAsking] = useState<'return' | 'reopen' | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const report = useQuery({
    queryKey: reportKeys.report(target?.unitId ?? '', target?.formId ?? '', target?.periodCode ?? ''),
    queryFn: () => reportsApi.report(target!.unitId, target!.formId, target!.periodCode),
    enabled: target !== null,
  });
  if (!target) return null;
  const r = report.data;
  const status = r?.submission?.status ?? null;
  const unit = target.unitName;

  const move = async (kind: ReportMove, text?: string) => {
    if (!r?.submission) return;
    setBusy(true);
    setRefusal(null);
    try {
      await reportsApi.move(target.unitId, target.formId, target.periodCode, kind, {
        version: r.submission.version,
        ...(text ? { comment: text } : {}),
      });
      const done = {
        approve: 'approved',
        return: 'returned',
        reopen: 'reopened',
        submit: 'approved',
      } as const;
      void message.success(t(`reportApprovals.${done[kind]}`, { unit }));
      setAsking(null);
      setComment('');
      await invalidate();
      onClose();
    } catch (error) {
      setRefusal(errorText(error));
      await report.refetch();
    } finally {
      setBusy(false);
    }
  };

  const approve = () =>
    modal.confirm({
      title: t('reportApprovals.approve.confirm', { unit }),
      okText: t('reportApprovals.approve'),
      cancelText: t('common.cancel'),
      onOk: () => move('approve'),
    });
  const sendAsked = () => {
    if (!comment.trim()) {
      setMissing(true);
      return;
    }
    void move(asking === 'return' ? 'return' : 'reopen', comment.trim());
  };

  const byCode = new Map((r?.indicators ?? []).map((i) => [i.code, i]));
  const footer = r?.canApprove ? (
    <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
      {status === 'submitted' && (
        <>
          <Button icon={<RollbackOutlined />} onClick={() => setAsking('return')} data-testid="review-return">
            {t('reportApprovals.return')}
          </Button>
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={busy}
            onClick={approve}
            data-testid="review-approve"
          >
            {t('reportApprovals.approve')}
          </Button>
        </>
      )}
      {status === 'approved' && (
        <Button icon={<UnlockOutlined />} onClick={() => setAsking('reopen')} data-testid="review-reopen">
          {t('reportApprovals.reopen')}
        </Button>
      )}
    </Space>
  ) : null;

  return (
    <Modal
      open
      onCancel={onClose}
      title={`${unit} · ${r ? `${nameIn(lang, r.form)} · ${periodLabel(lang, r.period)}` : ''}`}
      footer={footer}
      width={mobile ? '100%' : 820}
      style={mobile ? { top: 0, maxWidth: '100vw', paddingBottom: 0 } : undefined}
      data-testid="report-review"
    >
      {report.isLoading && <Skeleton active />}
      {report.error && <Alert type="error" showIcon title={errorText(report.error)} />}
      {r && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Space wrap>
            <StatusTag status={status} />
            <Deadline deadline={r.deadline} done />
            {r.submission?.submittedOn && (
              <Typography.Text type="secondary">
                {t('reportApprovals.submittedOn')}: {formatDate(r.submission.submittedOn)}
              </Typography.Text>
            )}
          </Space>
          {refusal && <Alert type="error" showIcon title={refusal} data-testid="review-refusal" />}
          {r.sections.map((section) => (
            <Descriptions
              key={section.titleVi}
              size="small"
              bordered
              column={1}
              title={nameIn(lang, { nameVi: section.titleVi, nameEn: section.titleEn })}
              items={section.indicators.flatMap((code) => {
                const i = byCode.get(code);
                if (!i) return [];
                const problems = r.problems.filter((p) => p.indicator === code);
                return [
                  {
                    key: code,
                    label: `${nameIn(lang, i)}${i.measure && i.valueType !== 'money' ? ` (${i.measure})` : ''}`,
                    children: (
                      <span data-testid={`review-value-${code}`}>
                        {/* A figure stays on one line ("82,6%", "52.500.000 đ"); a narrow phone column wraps only text. */}
                        <span style={i.valueType === 'text' ? undefined : { whiteSpace: 'nowrap' }}>
                          {formatFigure(t, i.valueType, i.value) || '—'}
                        </span>
                        {problems.map((p) => (
                          <Typography.Text
                            key={p.message}
                            type={p.severity === 'error' ? 'danger' : 'warning'}
                            style={{ display: 'block' }}
                          >
                            {p.message}
                          </Typography.Text>
                        ))}
                      </span>
                    ),
                  },
                ];
              })}
            />
          ))}
        </Space>
      )}
      <Modal
        open={asking !== null}
        title={t(asking === 'reopen' ? 'reportApprovals.reopen.title' : 'reportApprovals.return.title', {
          unit,
        })}
        okText={t(asking === 'reopen' ? 'reportApprovals.reopen' : 'reportApprovals.return')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={sendAsked}
        onCancel={() => setAsking(null)}
      >
        <Typography.Text>
          {t(asking === 'reopen' ? 'reportApprovals.reason' : 'reportApprovals.comment')}
        </Typography.Text>
        <Input.TextArea
          autoSize={{ minRows: 3 }}
          value={comment}
          maxLength={2000}
          status={missing ? 'error' : undefined}
          onChange={(e) => {
            setComment(e.target.value);
            setMissing(false);
          }}
          data-testid="review-comment"
        />
        {missing && (
          <Typography.Text type="danger" role="alert">
            {t(asking === 'reopen' ? 'reportApprovals.reason.required' : 'reportApprovals.comment.required')}
          </Typography.Text>
        )}
      </Modal>
    </Modal>
  );
}
