/**
 * A person's fields (propose, correct a proposal, edit a member): the few that are required first, the rest folded
 * under "Thông tin thêm". The server checks everything again (CCCD against gender and year of birth, ages, duplicates)
 * and its problems land beside these fields.
 */
import { Checkbox, Collapse, Form, Input, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { GENDERS, type MemberDetail, type ProposalPerson } from '../../app/contract';
import { DATE_PLACEHOLDER, fromIso, toIso } from '../../app/format';
import { cccdProblems, normalizeCccd } from '../../../../src/lib/cccd';
import { useI18n } from '../../app/i18n';
import { useLabels } from '../../app/labels';
import { usePersonValues } from './queries';
import type { ListedField } from './person-values';
import { ListedValueInput } from './ListedValueInput';
import { DateInput } from '../../app/DateInput';

/** A person as the form holds it. */
export interface PersonValues {
  fullName: string;
  birthDate: Dayjs;
  gender: 'male' | 'female';
  ethnicityCode: string;
  cccd?: string | null;
  phone?: string | null;
  /** Optional in a proposal: approval gives the decision's date. */
  joinedOn?: Dayjs | null;
  religion?: string | null;
  email?: string | null;
  education?: string | null;
  occupation?: string | null;
  unionPosition?: string | null;
  partyMember?: boolean;
  memberCode?: string | null;
}

const blank = (value: string | null | undefined) => value?.trim() || null;

/** Form values → the contract's person (blank text becomes null). */
export function personOf(values: PersonValues): ProposalPerson {
  return {
    fullName: values.fullName.trim(),
    birthDate: toIso(values.birthDate) ?? '',
    gender: values.gender,
    ethnicityCode: values.ethnicityCode,
    cccd: blank(values.cccd),
    phone: blank(values.phone),
    joinedOn: toIso(values.joinedOn) ?? '',
    religion: blank(values.religion),
    email: blank(values.email),
    education: blank(values.education),
    occupation: blank(values.occupation),
    unionPosition: blank(values.unionPosition),
    partyMember: values.partyMember ?? false,
    memberCode: blank(values.memberCode),
  };
}

/** A person as the server returns them (a member's record, a proposal). */
type StoredPerson = Omit<
  Pick<MemberDetail['member'], Exclude<keyof PersonValues, 'memberCode'>>,
  'joinedOn'
> & {
  joinedOn: string | null;
};

/** A stored person → form values. */
export function valuesOf(person: StoredPerson): Partial<PersonValues> {
  return {
    fullName: person.fullName,
    birthDate: fromIso(person.birthDate),
    gender: person.gender === 'male' ? 'male' : 'female',
    ethnicityCode: person.ethnicityCode,
    cccd: person.cccd,
    phone: person.phone,
    joinedOn: fromIso(person.joinedOn),
    religion: person.religion,
    email: person.email,
    education: person.education,
    occupation: person.occupation,
    unionPosition: person.unionPosition,
    partyMember: person.partyMember,
  };
}

export const NEW_PERSON: Partial<PersonValues> = { ethnicityCode: '01', partyMember: false };

interface Props {
  /** The path of this person inside a Form.List ([index]) or [] for a flat form. */
  prefix?: (string | number)[];
  /** CCCD and phone can be seen and changed (members.pii); otherwise the fields are left out. */
  personalData?: boolean;
  /** Offer the member code of a person who is a member elsewhere (proposals only). */
  withMemberCode?: boolean;
  /** A proposal: the join date may be left empty (approval gives the decision's date). */
  joinedOnOptional?: boolean;
  testId?: string;
}

export function PersonFields({
  prefix = [],
  personalData = true,
  withMemberCode,
  joinedOnOptional,
  testId,
}: Props) {
  const { t, lang } = useI18n();
  const labels = useLabels();
  const values = usePersonValues();
  const name = (field: string): (string | number)[] => [...prefix, field];
  const item = { flex: '1 1 200px', minWidth: 0 };
  const id = (field: string) => (testId ? `${testId}-${field}` : undefined);
  /** A required date, typed as dd/mm/yyyy. */
  const date = (field: 'birthDate' | 'joinedOn', testIdPart: string, tooltip?: string, optional = false) => (
    <Form.Item
      name={name(field)}
      label={t(`member.${field}`)}
      tooltip={tooltip}
      rules={optional ? [] : [{ required: true, message: t(`person.${field}.required`) }]}
      style={item}
    >
      <DateInput style={{ width: '100%' }} placeholder={DATE_PLACEHOLDER} data-testid={id(testIdPart)} />
    </Form.Item>
  );

  const listed = (field: ListedField, maxLength: number) => (
    <ListedValueInput field={field} maxLength={maxLength} />
  );

  const more = (
    <>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item name={name('unionPosition')} label={t('member.unionPosition')} style={item}>
          {listed('unionPosition', 100)}
        </Form.Item>
        <Form.Item name={name('occupation')} label={t('member.occupation')} style={item}>
          {listed('occupation', 200)}
        </Form.Item>
        <Form.Item name={name('education')} label={t('member.education')} style={item}>
          {listed('education', 100)}
        </Form.Item>
      </div>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item name={name('religion')} label={t('member.religion')} style={item}>
          {listed('religion', 100)}
        </Form.Item>
        <Form.Item
          name={name('email')}
          label={t('member.email')}
          rules={[{ type: 'email', message: t('users.email.invalid') }]}
          style={item}
        >
          <Input maxLength={200} inputMode="email" />
        </Form.Item>
        {withMemberCode && (
          <Form.Item
            name={name('memberCode')}
            label={t('propose.memberCode')}
            tooltip={t('propose.memberCode.hint')}
            style={item}
          >
            <Input maxLength={20} />
          </Form.Item>
        )}
      </div>
      <Form.Item name={name('partyMember')} valuePropName="checked" style={{ marginBottom: 0 }}>
        <Checkbox>{t('member.partyMember')}</Checkbox>
      </Form.Item>
    </>
  );

  return (
    <div data-testid={testId}>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item
          name={name('fullName')}
          label={t('member.fullName')}
          rules={[{ required: true, whitespace: true, message: t('person.fullName.required') }]}
          style={{ flex: '2 1 260px', minWidth: 0 }}
        >
          <Input maxLength={100} placeholder={t('person.fullName.placeholder')} data-testid={id('name')} />
        </Form.Item>
        {date('birthDate', 'birth')}
      </div>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item
          name={name('gender')}
          label={t('member.gender')}
          rules={[{ required: true, message: t('person.gender.required') }]}
          style={item}
        >
          <Radio.Group
            optionType="button"
            options={GENDERS.map((g) => ({ value: g, label: labels.gender(g) }))}
            data-testid={id('gender')}
          />
        </Form.Item>
        <Form.Item name={name('ethnicityCode')} label={t('member.ethnicity')} style={item}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={values.loading}
            placeholder={t('person.ethnicity.placeholder')}
            options={values.ethnicityOptions}
          />
        </Form.Item>
        {joinedOnOptional
          ? date('joinedOn', 'joined', t('person.joinedOn.proposalHint'), true)
          : date('joinedOn', 'joined', t('person.joinedOn.hint'))}
      </div>
      {personalData && (
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item
            name={name('cccd')}
            label={t('member.cccd')}
            tooltip={t('person.cccd.hint')}
            dependencies={[name('gender'), name('birthDate')]}
            rules={[
              ({ getFieldValue }) => ({
                // The rule of the server (lib/cccd.ts): 12 digits, a province code, the century and gender digit
                // matching the person, the year of birth.
                validator: (_, value: unknown) => {
                  const cccd = normalizeCccd(typeof value === 'string' ? value : '');
                  if (!cccd) return Promise.resolve();
                  const birth = getFieldValue(name('birthDate')) as Dayjs | null | undefined;
                  const gender = getFieldValue(name('gender')) as 'male' | 'female' | undefined;
                  const problems = cccdProblems(cccd, {
                    gender,
                    birthDate: toIso(birth),
                  });
                  if (problems.length === 0) return Promise.resolve();
                  return Promise.reject(
                    new Error(lang === 'vi' ? problems.join(' ') : t('person.cccd.pattern')),
                  );
                },
              }),
            ]}
            style={item}
          >
            <Input maxLength={20} inputMode="numeric" autoComplete="off" data-testid={id('cccd')} />
          </Form.Item>
          <Form.Item name={name('phone')} label={t('member.phone')} style={item}>
            <Input maxLength={20} inputMode="tel" placeholder={t('person.phone.placeholder')} />
          </Form.Item>
        </div>
      )}
      <Collapse
        size="small"
        ghost
        items={[{ key: 'more', label: t('person.more'), children: more, forceRender: true }]}
      />
    </div>
  );
}
