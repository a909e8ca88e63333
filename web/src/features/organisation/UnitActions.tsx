/** What a user who may change the tree can do with a unit: the action buttons (a menu on phones) and the export. */
import type { ReactNode } from 'react';
import { Button, Dropdown, Space } from 'antd';
import type { MenuProps } from 'antd';
import {
  DownOutlined,
  DownloadOutlined,
  EditOutlined,
  FormOutlined,
  MergeCellsOutlined,
  PlusOutlined,
  SplitCellsOutlined,
  StopOutlined,
  SwapOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { api } from '../../app/api';
import type { UnitDetail } from '../../app/contract';
import { OPEN_END } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useIsMobile } from '../../app/responsive';

export type Action = 'found' | 'rename' | 'move' | 'merge' | 'split' | 'dissolve' | 'attributes' | 'import';

export function ExportMenu({ unitId, at }: { unitId: string; at: string }) {
  const { t } = useI18n();
  const items: MenuProps['items'] = [
    {
      key: 'xlsx',
      label: (
        <a href={api.exportUrl(unitId, at, 'xlsx')} download>
          {t('export.xlsx')}
        </a>
      ),
    },
    {
      key: 'csv',
      label: (
        <a href={api.exportUrl(unitId, at, 'csv')} download>
          {t('export.csv')}
        </a>
      ),
    },
  ];
  return (
    <Dropdown menu={{ items }} trigger={['click']}>
      <Button icon={<DownloadOutlined />} data-testid="unit-export">
        {t('export.button')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}

export function Actions({
  detail,
  at,
  onAction,
}: {
  detail: UnitDetail;
  /** The day the page shows: before the unit was founded nothing can be done to it. */
  at: string;
  onAction: (action: Action) => void;
}) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const active = detail.unit.endedOn === OPEN_END && detail.unit.foundedOn <= at;
  const hasParent = detail.ancestors.length > 0;
  const actions: {
    key: Action;
    label: string;
    icon: ReactNode;
    disabled?: boolean;
    danger?: boolean;
    primary?: boolean;
    testId: string;
  }[] = [
    {
      key: 'found',
      label: t('action.found'),
      icon: <PlusOutlined />,
      disabled: !active,
      primary: true,
      testId: 'action-found',
    },
    {
      key: 'rename',
      label: t('action.rename'),
      icon: <EditOutlined />,
      disabled: !active,
      testId: 'action-rename',
    },
    {
      key: 'move',
      label: t('action.move'),
      icon: <SwapOutlined />,
      disabled: !active || !hasParent,
      testId: 'action-move',
    },
    {
      key: 'merge',
      label: t('action.merge'),
      icon: <MergeCellsOutlined />,
      disabled: !active,
      testId: 'action-merge',
    },
    {
      key: 'split',
      label: t('action.split'),
      icon: <SplitCellsOutlined />,
      disabled: !active || !hasParent,
      testId: 'action-split',
    },
    {
      key: 'dissolve',
      label: t('action.dissolve'),
      icon: <StopOutlined />,
      disabled: !active,
      danger: true,
      testId: 'action-dissolve',
    },
    {
      key: 'attributes',
      label: t('action.attributes'),
      icon: <FormOutlined />,
      disabled: at < detail.unit.foundedOn,
      testId: 'action-attributes',
    },
    {
      key: 'import',
      label: t('action.import'),
      icon: <UploadOutlined />,
      disabled: !active,
      testId: 'action-import',
    },
  ];
  if (mobile) {
    const items: MenuProps['items'] = actions.map((a) => ({
      key: a.key,
      label: a.label,
      icon: a.icon,
      disabled: a.disabled,
      danger: a.danger,
    }));
    return (
      <Dropdown menu={{ items, onClick: ({ key }) => onAction(key as Action) }} trigger={['click']}>
        <Button type="primary" block data-testid="unit-actions" style={{ minHeight: 40 }}>
          {t('action.menu')} <DownOutlined />
        </Button>
      </Dropdown>
    );
  }
  return (
    <Space wrap size={8}>
      {actions.map((a) => (
        <Button
          key={a.key}
          icon={a.icon}
          type={a.primary ? 'primary' : 'default'}
          danger={a.danger}
          disabled={a.disabled}
          onClick={() => onAction(a.key)}
          data-testid={a.testId}
        >
          {a.label}
        </Button>
      ))}
    </Space>
  );
}
