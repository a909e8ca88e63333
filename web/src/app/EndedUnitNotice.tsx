/**
 * An account whose roles are all on units that have ended has nothing to work on today. It says so plainly — which
 * unit, since when — with the unit's history one click away (the unit page as of its last day).
 */
import { Link } from 'react-router-dom';
import { Alert, Button, Space } from 'antd';
import { HistoryOutlined } from '@ant-design/icons';
import { useMe } from './auth';
import { useCurrentUnit } from './current-unit';
import { dayBefore, formatDate } from './format';
import { useI18n } from './i18n';

export function EndedUnitNotice() {
  const { t } = useI18n();
  const me = useMe();
  const { units, isLoading, error } = useCurrentUnit();
  const ended = me.grants.filter((g) => g.unitEndedOn);
  if (isLoading || error || units.length > 0 || ended.length === 0) return null;
  const seen = new Set<string>();
  const unique = ended.filter((g) => !seen.has(g.unitId) && seen.add(g.unitId));
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="ended-unit"
      title={t('app.endedUnit.title')}
      description={
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          {unique.map((g) => (
            <Space key={g.unitId} wrap size={[8, 4]}>
              <span>
                {t('app.endedUnit.line', { unit: g.unitName ?? '', date: formatDate(g.unitEndedOn) })}
              </span>
              <Link
                to={`/units/${g.unitId}?at=${dayBefore(g.unitEndedOn!)}`}
                data-testid="ended-unit-history"
              >
                <Button size="small" icon={<HistoryOutlined />}>
                  {t('app.endedUnit.history')}
                </Button>
              </Link>
            </Space>
          ))}
          <span>{t('app.endedUnit.hint')}</span>
        </Space>
      }
    />
  );
}
