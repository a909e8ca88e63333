/**
 * One unit as of a date: details, ancestors, parent history, sub-units and the event timeline, with the
 * restructuring actions for users who may change the tree.
 */
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Breadcrumb, Button, Card, Col, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { useCan } from '../../app/auth';
import { dayBefore, formatDate, formatLastDay, OPEN_END, todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { AsOfDate, UnitTypeTag } from './components';
import { useEvents, useUnitDetail } from './queries';
import { UnitTimeline } from './UnitTimeline';
import { Actions, ExportMenu, type Action } from './UnitActions';
import { activeOn, Details, ParentHistory, parentOn, SubUnits, unitLink } from './UnitSections';
import { AttributesForm } from './forms/AttributesForm';
import { DissolveForm } from './forms/DissolveForm';
import { FoundForm } from './forms/FoundForm';
import { ImportForm } from './forms/ImportForm';
import { MergeForm } from './forms/MergeForm';
import { MoveForm } from './forms/MoveForm';
import { RenameForm } from './forms/RenameForm';
import { SplitForm } from './forms/SplitForm';
import { MemberCountsPanel } from '../members/MemberCountsPanel';

export default function UnitPage() {
  const { unitId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const at = params.get('at') ?? todayIso();
  const { t, errorText } = useI18n();
  const canWrite = useCan('org.write');
  const canSeeMembers = useCan('members.read');
  const detail = useUnitDetail(unitId, at);
  const events = useEvents(unitId);
  const [action, setAction] = useState<Action | null>(null);

  if (detail.isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (detail.error || !detail.data) {
    return (
      <Result
        status="warning"
        title={t('unit.loadFailed')}
        subTitle={errorText(detail.error)}
        extra={<Link to="/units">{t('unit.backToTree')}</Link>}
      />
    );
  }
  const data = detail.data;
  const { unit } = data;
  const active = activeOn(data, at);
  // An ended unit keeps no place in the tree after its end: show ancestors only while it lived.
  const ancestors = active ? data.ancestors : [];
  const atDate = active ? data.atDate : null;
  const parent = ancestors[ancestors.length - 1];
  const parentLink = active ? parentOn(data, at) : undefined;
  const close = () => setAction(null);
  const formProps = { unit, atDate, at, onClose: close };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb
        data-testid="unit-breadcrumb"
        items={[
          {
            key: 'tree',
            title: (
              <Link to={at === todayIso() ? '/units' : `/units?at=${at}`}>
                <ApartmentOutlined /> {t('nav.tree')}
              </Link>
            ),
          },
          ...ancestors.map((a) => ({
            key: a.id,
            title: (
              <Link to={unitLink(a.id, at)} title={a.name}>
                {a.shortName}
              </Link>
            ),
          })),
          { key: unit.id, title: unit.shortName },
        ]}
      />
      <Card styles={{ body: { paddingBottom: 16 } }}>
        <div
          style={{
            display: 'flex',
            gap: 16,
            flexWrap: 'wrap',
            alignItems: 'flex-start',
            justifyContent: 'space-between',
          }}
        >
          <div style={{ minWidth: 0, flex: '1 1 320px' }}>
            <Space size={8} wrap>
              <UnitTypeTag typeId={unit.typeId} />
              {at < unit.foundedOn ? (
                // Seen on a day before it existed, the unit is not "active": it has not been founded yet.
                <Tag color="orange" data-testid="unit-status">
                  {t('unit.status.notYetFounded', { date: formatDate(unit.foundedOn) })}
                </Tag>
              ) : unit.endedOn === OPEN_END ? (
                <Tag color="green" data-testid="unit-status">
                  {t('unit.status.active')}
                </Tag>
              ) : (
                <Tag color="red" data-testid="unit-status">
                  {t('unit.status.ended', { date: formatDate(unit.endedOn) })}
                </Tag>
              )}
            </Space>
            <Typography.Title level={3} style={{ margin: '8px 0 0' }} data-testid="unit-name">
              {unit.name}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t('unit.code')}: {unit.code}
              {parentLink
                ? ` · ${t('unit.parentAt', { date: formatDate(at) })}: ${parentLink.parentName}`
                : ''}
            </Typography.Text>
          </div>
          <Space wrap>
            <AsOfDate
              value={at}
              onChange={(iso) => setParams(iso === todayIso() ? {} : { at: iso })}
              testId="unit-as-of"
            />
            {active && <ExportMenu unitId={unit.id} at={at} />}
          </Space>
        </div>
        {canWrite && (
          <div style={{ marginTop: 16 }}>
            <Actions detail={data} at={at} onAction={setAction} />
          </div>
        )}
      </Card>
      {!active && (
        <Alert
          type="warning"
          showIcon
          title={t('unit.notActiveAt', { date: formatDate(at) })}
          action={
            <Button
              size="small"
              onClick={() =>
                setParams({ at: at < unit.foundedOn ? unit.foundedOn : dayBefore(unit.endedOn) })
              }
            >
              {at < unit.foundedOn
                ? t('unit.viewOn', { date: formatDate(unit.foundedOn) })
                : t('unit.viewOn', { date: formatLastDay(unit.endedOn) })}
            </Button>
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('unit.details')} size="small">
              <Details detail={data} at={at} />
            </Card>
            {canSeeMembers && active && <MemberCountsPanel unitId={unit.id} at={at} />}
            <ParentHistory detail={data} at={at} />
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('unit.timeline')} size="small">
            {events.isLoading ? (
              <Skeleton active />
            ) : events.error ? (
              <Alert type="error" showIcon title={errorText(events.error)} />
            ) : (
              <UnitTimeline
                events={events.data?.events ?? []}
                unitId={unit.id}
                parentHistory={data.parentHistory}
              />
            )}
          </Card>
        </Col>
      </Row>
      {/* Full width: its columns (status, members) need more room than half the page. */}
      <SubUnits unitId={unit.id} at={at} membersLink={canSeeMembers} />
      {canWrite && (
        <>
          <FoundForm {...formProps} open={action === 'found'} />
          <RenameForm {...formProps} open={action === 'rename'} />
          <MoveForm {...formProps} open={action === 'move'} />
          <MergeForm {...formProps} open={action === 'merge'} />
          <SplitForm {...formProps} open={action === 'split'} parentTypeId={parent?.typeId} />
          <DissolveForm
            {...formProps}
            open={action === 'dissolve'}
            parent={parent ? { id: parent.id, name: parent.name } : undefined}
          />
          <AttributesForm {...formProps} open={action === 'attributes'} groups={data.groups} />
          <ImportForm {...formProps} open={action === 'import'} />
        </>
      )}
    </Space>
  );
}
