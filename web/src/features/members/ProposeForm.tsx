/**
 * Đề nghị kết nạp: a CĐCS proposes one person or several; the nearest upper union holding the power to admit decides.
 * Nothing is written unless every person passes the server's checks (each problem shows beside its field).
 */
import { Button, Card, Form, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { MEMBER_UNIT_MIN_LEVEL, type ProposeResult } from '../../app/contract';
import { useCurrentUnit } from '../../app/current-unit';
import { DATE_PLACEHOLDER, formatNumber, toIso, todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useChildren } from '../organisation/queries';
import { membersApi } from './api';
import { FormModal } from './FormModal';
import { MemberUnitSelect, type UnitChoice } from './MemberUnitSelect';
import { NEW_PERSON, PersonFields, personOf, type PersonValues } from './PersonFields';
import { useTypeFacts } from './queries';
import { DateInput } from '../../app/DateInput';

interface Values {
  unitId: string;
  proposedOn: Dayjs;
  people: PersonValues[];
}

/** Units where members stay, offered before the user types: the working unit or the CĐCS right under it. */
export function useMemberUnitChoices(): { choices: UnitChoice[]; preferred: string | undefined } {
  const { unit } = useCurrentUnit();
  const facts = useTypeFacts();
  const children = useChildren(unit?.id, todayIso());
  const isMemberUnit = (typeId: string) => (facts.level(typeId) ?? 0) >= MEMBER_UNIT_MIN_LEVEL;
  const choices: UnitChoice[] = [];
  if (unit && isMemberUnit(unit.typeId)) choices.push({ id: unit.id, name: unit.name, typeId: unit.typeId });
  for (const child of children.data?.units ?? [])
    if (isMemberUnit(child.typeId)) choices.push({ id: child.id, name: child.name, typeId: child.typeId });
  const preferred = unit && isMemberUnit(unit.typeId) ? unit.id : undefined;
  return { choices, preferred };
}

export function ProposeForm({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone?: (result: ProposeResult) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const { choices, preferred } = useMemberUnitChoices();

  return (
    <FormModal<Values, ProposeResult>
      open={open}
      onClose={onClose}
      title={t('propose.title')}
      form={form}
      width={820}
      testId="propose-form"
      okText={t('propose.submit')}
      initialValues={{ unitId: preferred, proposedOn: dayjs(), people: [NEW_PERSON as PersonValues] }}
      submit={(values) =>
        membersApi.propose(values.unitId, {
          proposedOn: toIso(values.proposedOn),
          people: values.people.map(personOf),
        })
      }
      successMessage={(result) =>
        t('propose.done', {
          count: formatNumber(result.proposals.length),
          unit: result.approvingUnit.name,
        })
      }
      onDone={onDone}
    >
      <Typography.Paragraph type="secondary">{t('propose.help')}</Typography.Paragraph>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item
          name="unitId"
          label={t('propose.unit')}
          tooltip={t('propose.unit.hint')}
          rules={[{ required: true, message: t('propose.unit.required') }]}
          style={{ flex: '2 1 320px', minWidth: 0 }}
        >
          <MemberUnitSelect at={todayIso()} initial={choices} memberUnitsOnly testId="propose-unit" />
        </Form.Item>
        <Form.Item name="proposedOn" label={t('propose.date')} style={{ flex: '1 1 160px', minWidth: 0 }}>
          <DateInput placeholder={DATE_PLACEHOLDER} style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
      </div>
      <Form.List name="people">
        {(fields, { add, remove }) => (
          <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                title={t('propose.person', { n: index + 1 })}
                extra={
                  fields.length > 1 ? (
                    <Button
                      type="text"
                      danger
                      size="small"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                    >
                      {t('propose.removePerson')}
                    </Button>
                  ) : undefined
                }
              >
                <PersonFields
                  prefix={[field.name]}
                  withMemberCode
                  joinedOnOptional
                  testId={`propose-person-${index}`}
                />
              </Card>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add(NEW_PERSON)}
              data-testid="propose-add-person"
            >
              {t('propose.addPerson')}
            </Button>
          </div>
        )}
      </Form.List>
    </FormModal>
  );
}
