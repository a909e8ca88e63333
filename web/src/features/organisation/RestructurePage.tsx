/**
 * Sắp xếp tổ chức: one decision that founds new units (e.g. commune unions), moves the sub-units of source units
 * (e.g. district federations) to new or existing units, and dissolves units — one POST /api/restructurings.
 */
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQueries } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  Popconfirm,
  Space,
  Spin,
  Table,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../app/api';
import { useCan } from '../../app/auth';
import type { UnitAtDateView } from '../../app/contract';
import { useCurrentUnit } from '../../app/current-unit';
import { FormErrors, useFormSubmit } from '../../app/FormDialog';
import { formatDate, formatNumber, todayIso, toIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { UnitSelect, UnitTypeTag, type UnitOption } from './components';
import { DestinationSelect } from './DestinationSelect';
import { EventMetaFields, initialMeta, metaOf, type MetaValues } from './forms/EventModal';
import { NewUnitFields, newUnitOf, useTypeOptions, type NewUnitValues } from './forms/fields';
import { unitKeys, useInvalidateUnits } from './queries';

interface FoundRow extends NewUnitValues {
  key: string;
  parentId?: string;
}

interface Values extends MetaValues {
  found?: FoundRow[];
  moves?: Record<string, string | undefined>;
  dissolveSource?: Record<string, boolean>;
  dissolve?: (string | undefined)[];
}

export default function RestructurePage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const canWrite = useCan('org.write');
  const { unit: current } = useCurrentUnit();
  const invalidate = useInvalidateUnits();
  const [form] = Form.useForm<Values>();
  const [sources, setSources] = useState<UnitOption[]>([]);
  const { run, saving, errors, setErrors } = useFormSubmit(form, {
    onError: () => window.scrollTo({ top: 0, behavior: 'smooth' }),
  });
  const [picked, setPicked] = useState<UnitOption | undefined>(undefined);
  const counter = useRef(0);

  const effectiveOn = toIso(Form.useWatch('effectiveOn', form)) ?? todayIso();
  const watched = Form.useWatch((values: Values) => values, { form, preserve: true }) as Values | undefined;
  const found = watched?.found ?? [];
  const typeOptions = useTypeOptions(undefined, effectiveOn);
  const newUnits = found.filter(Boolean).map((f) => ({ key: f.key, name: f.name }));
  const children = useQueries({
    queries: sources.map((s) => ({
      queryKey: unitKeys.children(s.id, effectiveOn),
      queryFn: () => api.children(s.id, effectiveOn),
    })),
  });
  const currentOption: UnitOption[] = current ? [{ id: current.id, name: current.name }] : [];

  if (!canWrite) return <Alert type="warning" showIcon title={t('restructure.noPermission')} />;

  const nextKey = () => {
    counter.current += 1;
    return `n${counter.current}`;
  };

  const build = (values: Partial<Values>) => {
    const moves = sources.flatMap((_, i) =>
      (children[i]?.data?.units ?? []).flatMap((child) => {
        const dest = values.moves?.[child.id];
        if (!dest) return [];
        return [
          dest.startsWith('key:')
            ? { unitId: child.id, newParentKey: dest.slice(4) }
            : { unitId: child.id, newParentId: dest.slice(3) },
        ];
      }),
    );
    const dissolve = [
      ...sources.filter((s) => values.dissolveSource?.[s.id] !== false).map((s) => s.id),
      ...(values.dissolve ?? []).filter((id): id is string => Boolean(id)),
    ];
    return {
      ...metaOf(values),
      found: (values.found ?? []).map((f) => ({ ...newUnitOf(f), key: f.key, parentId: f.parentId })),
      moves,
      dissolve: [...new Set(dissolve)],
    };
  };

  const submit = () =>
    run(async (values) => {
      const result = await api.restructure(build(values));
      void message.success(
        t('restructure.done', {
          founded: formatNumber(result.founded.length),
          moved: formatNumber(result.moved),
          dissolved: formatNumber(result.dissolved),
        }),
      );
      await invalidate();
      form.resetFields();
      setSources([]);
    });

  const summary = (() => {
    const plan = build(watched ?? {});
    return t('restructure.summary', {
      founded: formatNumber(plan.found.length),
      moved: formatNumber(plan.moves.length),
      dissolved: formatNumber(plan.dissolve.length),
    });
  })();

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('restructure.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('restructure.intro')}</Typography.Text>
      </div>
      <FormErrors errors={errors} flush testId="restructure-error" onClose={() => setErrors([])} />
      <Form<Values> form={form} layout="vertical" initialValues={{ ...initialMeta(), found: [] }}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('restructure.step.decision')} size="small">
            <EventMetaFields />
          </Card>

          <Card title={t('restructure.step.found')} size="small">
            <Form.List name="found">
              {(fields, { add, remove }) => (
                <>
                  {fields.length === 0 && (
                    <Typography.Paragraph type="secondary">
                      {t('restructure.found.none')}
                    </Typography.Paragraph>
                  )}
                  {fields.map((field, index) => (
                    <Card
                      key={field.key}
                      size="small"
                      type="inner"
                      style={{ marginBottom: 12 }}
                      title={t('restructure.found.n', { n: index + 1 })}
                      extra={
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          onClick={() => remove(field.name)}
                          aria-label={t('common.remove')}
                        />
                      }
                    >
                      <Form.Item name={[field.name, 'key']} hidden>
                        <Input />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'parentId']}
                        label={t('restructure.found.parent')}
                        rules={[{ required: true, message: t('restructure.found.parent.required') }]}
                      >
                        <UnitSelect at={effectiveOn} initial={currentOption} />
                      </Form.Item>
                      <NewUnitFields
                        prefix={[field.name]}
                        typeOptions={typeOptions}
                        date={effectiveOn}
                        compact
                      />
                    </Card>
                  ))}
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ key: nextKey(), parentId: current?.id })}
                  >
                    {t('restructure.found.add')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>

          <Card title={t('restructure.step.sources')} size="small">
            <Typography.Paragraph type="secondary">{t('restructure.sources.help')}</Typography.Paragraph>
            <Space.Compact style={{ width: '100%', maxWidth: 560, marginBottom: 16 }}>
              <UnitSelect
                at={effectiveOn}
                value={picked?.id}
                onChange={(_, unit) => setPicked(unit)}
                exclude={sources.map((s) => s.id)}
                style={{ flex: 1 }}
                placeholder={t('restructure.sources.pick')}
                testId="restructure-source"
              />
              <Button
                icon={<PlusOutlined />}
                disabled={!picked}
                onClick={() => {
                  if (picked) setSources((prev) => [...prev, picked]);
                  setPicked(undefined);
                }}
                data-testid="restructure-source-add"
              >
                {t('restructure.sources.add')}
              </Button>
            </Space.Compact>
            {sources.length === 0 && (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('restructure.sources.none')} />
            )}
            {sources.map((source, i) => {
              const query = children[i];
              const rows: UnitAtDateView[] = query?.data?.units ?? [];
              return (
                <Card
                  key={source.id}
                  size="small"
                  type="inner"
                  style={{ marginBottom: 12 }}
                  title={<Link to={`/units/${source.id}`}>{source.name}</Link>}
                  extra={
                    <Space wrap>
                      <Form.Item
                        name={['dissolveSource', source.id]}
                        valuePropName="checked"
                        initialValue
                        noStyle
                      >
                        <Checkbox>{t('restructure.sources.dissolve')}</Checkbox>
                      </Form.Item>
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => setSources((prev) => prev.filter((s) => s.id !== source.id))}
                        aria-label={t('common.remove')}
                      />
                    </Space>
                  }
                >
                  {query?.isLoading ? (
                    <Spin />
                  ) : (
                    <>
                      <div style={{ marginBottom: 8, maxWidth: 480 }}>
                        <Typography.Text type="secondary">{t('restructure.sources.all')}</Typography.Text>
                        <DestinationSelect
                          at={effectiveOn}
                          newUnits={newUnits}
                          onChange={(dest) =>
                            form.setFieldsValue({ moves: Object.fromEntries(rows.map((r) => [r.id, dest])) })
                          }
                        />
                      </div>
                      <Table<UnitAtDateView>
                        size="small"
                        rowKey="id"
                        pagination={rows.length > 50 ? { pageSize: 50 } : false}
                        dataSource={rows}
                        scroll={{ x: 'max-content' }}
                        locale={{
                          emptyText: t('restructure.sources.noChildren', { date: formatDate(effectiveOn) }),
                        }}
                        columns={[
                          {
                            key: 'name',
                            title: t('unit.name'),
                            render: (_, r) => (
                              <span>
                                {r.name} <UnitTypeTag typeId={r.typeId} />
                              </span>
                            ),
                          },
                          {
                            key: 'dest',
                            title: t('restructure.dest'),
                            width: 320,
                            render: (_, r) => (
                              <Form.Item name={['moves', r.id]} noStyle>
                                <DestinationSelect
                                  at={effectiveOn}
                                  newUnits={newUnits}
                                  exclude={[source.id, r.id]}
                                />
                              </Form.Item>
                            ),
                          },
                        ]}
                      />
                    </>
                  )}
                </Card>
              );
            })}
          </Card>

          <Card title={t('restructure.step.dissolve')} size="small">
            <Form.List name="dissolve">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} style={{ display: 'flex', marginBottom: 8 }} align="start">
                      <Form.Item name={field.name} noStyle>
                        <UnitSelect
                          at={effectiveOn}
                          style={{ width: 420, maxWidth: '70vw' }}
                          testId="restructure-dissolve"
                        />
                      </Form.Item>
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                        aria-label={t('common.remove')}
                      />
                    </Space>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add()}>
                    {t('restructure.dissolve.add')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
        </Space>
      </Form>
      <Card size="small">
        <div
          style={{
            display: 'flex',
            gap: 12,
            alignItems: 'center',
            flexWrap: 'wrap',
            justifyContent: 'space-between',
          }}
        >
          <Typography.Text>{summary}</Typography.Text>
          <Popconfirm
            title={t('restructure.confirm')}
            description={summary}
            okText={t('restructure.submit')}
            cancelText={t('common.cancel')}
            onConfirm={() => void submit()}
          >
            <Button type="primary" size="large" loading={saving} data-testid="restructure-submit">
              {t('restructure.submit')}
            </Button>
          </Popconfirm>
        </div>
      </Card>
    </Space>
  );
}
