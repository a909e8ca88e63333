/**
 * The organisation tree as of a date: lazy-loaded levels with type badge and sub-unit counts, and a search box
 * that finds units as the user types ("dam rong" finds "LĐLĐ huyện Đam Rông").
 */
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Empty, Input, Space, Spin, Tag, Tooltip, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { RightOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { EndedHit, SearchHit, UnitAtDateView } from '../../app/contract';
import { formatDate, formatNumber, todayIso } from '../../app/format';
import { useCurrentUnit } from '../../app/current-unit';
import { useI18n } from '../../app/i18n';
import { useClearable } from '../../app/clearable';
import { useIsMobile } from '../../app/responsive';
import { AsOfDate, UnitTypeTag } from './components';
import { SEARCH_PAGE, unitKeys, useUnitSearch } from './queries';

interface UnitNode extends TreeDataNode {
  key: string;
  unit: UnitAtDateView;
  children?: UnitNode[];
}

function toNode(unit: UnitAtDateView): UnitNode {
  return { key: unit.id, unit, isLeaf: unit.childCount === 0 };
}

function withChildren(nodes: UnitNode[], key: string, children: UnitNode[]): UnitNode[] {
  return nodes.map((node) => {
    if (node.key === key) return { ...node, children };
    if (node.children) return { ...node, children: withChildren(node.children, key, children) };
    return node;
  });
}

function NodeTitle({ unit }: { unit: UnitAtDateView }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  return (
    <span
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 8,
        maxWidth: '100%',
        flexWrap: mobile ? 'wrap' : 'nowrap',
      }}
      data-testid="tree-node"
    >
      <Tooltip title={unit.name}>
        <span
          style={{
            fontWeight: 500,
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap',
            minWidth: 0,
          }}
        >
          {unit.shortName}
        </span>
      </Tooltip>
      <UnitTypeTag typeId={unit.typeId} />
      {unit.childCount > 0 && (
        <Tooltip title={t('tree.counts.hint')}>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {t('tree.counts', {
              children: formatNumber(unit.childCount),
              subtree: formatNumber(unit.subtreeCount),
            })}
          </Typography.Text>
        </Tooltip>
      )}
    </span>
  );
}

/** Units that match but had ended by the day shown: marked, with their end, each opening at its last day. */
function EndedResults({ ended, at, alone }: { ended: EndedHit[]; at: string; alone: boolean }) {
  const { t } = useI18n();
  if (ended.length === 0) return null;
  return (
    <div data-testid="unit-search-ended" style={{ paddingTop: 8 }}>
      <Typography.Text type="secondary">
        {t(alone ? 'tree.search.endedOnly' : 'tree.search.ended', { date: formatDate(at) })}
      </Typography.Text>
      {ended.map((unit) => (
        <Link
          key={unit.id}
          to={`/units/${unit.id}?at=${unit.lastDay}`}
          data-testid="unit-search-ended-result"
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            flexWrap: 'wrap',
            padding: '8px 4px',
            borderBottom: '1px solid #f0f0f0',
            color: 'inherit',
          }}
        >
          <span style={{ fontWeight: 500 }}>{unit.name}</span>
          <UnitTypeTag typeId={unit.typeId} />
          <Tag color="red">{t('tree.search.endedTag', { date: formatDate(unit.lastDay) })}</Tag>
        </Link>
      ))}
    </div>
  );
}

function SearchResults({
  hits,
  total,
  ended,
  at,
  onOpen,
  onMore,
}: {
  hits: SearchHit[];
  total: number;
  ended: EndedHit[];
  at: string;
  onOpen: (id: string) => void;
  onMore: (() => void) | undefined;
}) {
  const { t } = useI18n();
  if (hits.length === 0)
    return ended.length ? (
      <EndedResults ended={ended} at={at} alone />
    ) : (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tree.search.none')} />
    );
  return (
    <div
      role="listbox"
      aria-label={t('tree.search.results')}
      style={{ display: 'flex', flexDirection: 'column' }}
    >
      {hits.map((hit) => (
        <a
          key={hit.id}
          role="option"
          aria-selected={false}
          data-testid="unit-search-result"
          href={`/units/${hit.id}?at=${at}`}
          onClick={(e) => {
            e.preventDefault();
            onOpen(hit.id);
          }}
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            padding: '8px 4px',
            borderBottom: '1px solid #f0f0f0',
            color: 'inherit',
          }}
        >
          <div style={{ flex: 1, minWidth: 0 }}>
            <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
              <span style={{ fontWeight: 500 }}>{hit.name}</span>
              <UnitTypeTag typeId={hit.typeId} />
            </div>
            {hit.path.length > 0 && (
              <div className="cd-muted" style={{ fontSize: 12 }}>
                {hit.path.join(' › ')}
              </div>
            )}
          </div>
          <RightOutlined className="cd-muted" />
        </a>
      ))}
      <div
        style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', paddingTop: 8 }}
        data-testid="unit-search-total"
      >
        <Typography.Text type="secondary">
          {t('tree.search.total', { shown: formatNumber(hits.length), total: formatNumber(total) })}
        </Typography.Text>
        {onMore && hits.length < total && (
          <Button onClick={onMore} data-testid="unit-search-more" style={{ minHeight: 40 }}>
            {t('tree.search.more')}
          </Button>
        )}
      </div>
      <EndedResults ended={ended} at={at} alone={false} />
    </div>
  );
}

export default function TreePage() {
  const { t, errorText } = useI18n();
  const clearable = useClearable();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const at = params.get('at') ?? todayIso();
  const { unit: current } = useCurrentUnit();
  const [text, setText] = useState('');
  const [limit, setLimit] = useState(SEARCH_PAGE);
  const search = useUnitSearch(text, at, 'scope', limit);
  const roots = useQuery({ queryKey: unitKeys.roots(at), queryFn: () => api.roots(at) });
  const [treeData, setTreeData] = useState<UnitNode[]>([]);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);

  const fetchChildren = (unitId: string) =>
    queryClient.fetchQuery({
      queryKey: unitKeys.children(unitId, at),
      queryFn: () => api.children(unitId, at),
    });

  // A new date or scope starts a fresh tree: roots with their first level open.
  useEffect(() => {
    if (!roots.data) return;
    let cancelled = false;
    const nodes = roots.data.units.map(toNode);
    setTreeData(nodes);
    const open = nodes.filter((n) => !n.isLeaf && (nodes.length === 1 || n.key === current?.id));
    Promise.all(open.map(async (n) => ({ key: n.key, units: (await fetchChildren(n.key)).units })))
      .then((loaded) => {
        if (cancelled) return;
        setTreeData((prev) => loaded.reduce((acc, l) => withChildren(acc, l.key, l.units.map(toNode)), prev));
        setExpanded(loaded.map((l) => l.key));
      })
      .catch(setLoadError);
    return () => {
      cancelled = true;
    };
    // fetchChildren depends only on `at`, which already changes roots.data.
  }, [roots.data, current?.id]);

  const loadData = async (node: UnitNode) => {
    if (node.children) return;
    try {
      const { units } = await fetchChildren(node.key);
      setTreeData((prev) => withChildren(prev, node.key, units.map(toNode)));
    } catch (error) {
      setLoadError(error);
    }
  };

  const mobile = useIsMobile();
  const open = (unitId: string) => void navigate(`/units/${unitId}${at === todayIso() ? '' : `?at=${at}`}`);
  const searching = search.enabled;
  const asOf = (
    <AsOfDate
      value={at}
      testId="tree-as-of"
      onChange={(iso) => {
        setExpanded([]);
        setParams(iso === todayIso() ? {} : { at: iso });
      }}
    />
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={mobile ? undefined : t('tree.title')} extra={mobile ? undefined : asOf}>
        {mobile && <div style={{ marginBottom: 12 }}>{asOf}</div>}
        <Input
          allowClear={clearable.input}
          size="large"
          prefix={<SearchOutlined />}
          placeholder={t('tree.search.placeholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setLimit(SEARCH_PAGE);
          }}
          data-testid="unit-search-input"
          aria-label={t('tree.search.placeholder')}
          style={{ marginBottom: 12 }}
        />
        {searching && (
          <div data-testid="unit-search-results" style={{ marginBottom: 8 }}>
            {search.isFetching && !search.data ? (
              <Spin />
            ) : search.error ? (
              <Alert type="error" showIcon title={errorText(search.error)} />
            ) : (
              <SearchResults
                hits={search.data?.units ?? []}
                total={search.data?.total ?? 0}
                ended={search.data?.ended ?? []}
                at={at}
                onOpen={open}
                // The server gives at most 100 at once; past that, the words typed should narrow the search.
                onMore={limit < 100 ? () => setLimit((l) => Math.min(100, l + SEARCH_PAGE)) : undefined}
              />
            )}
          </div>
        )}
        <div style={{ display: searching ? 'none' : 'block' }}>
          {(roots.error ?? loadError) ? (
            <Alert
              type="error"
              showIcon
              title={errorText(roots.error ?? loadError)}
              style={{ marginBottom: 8 }}
            />
          ) : null}
          {roots.isLoading ? (
            <Spin />
          ) : treeData.length === 0 ? (
            <Empty description={t('tree.empty')} />
          ) : (
            <Tree<UnitNode>
              className="cd-tree"
              blockNode
              showLine
              treeData={treeData}
              loadData={loadData}
              expandedKeys={expanded}
              onExpand={(keys) => setExpanded(keys.map(String))}
              selectedKeys={[]}
              onSelect={(_, info) => open(info.node.key)}
              titleRender={(node) => <NodeTitle unit={node.unit} />}
              data-testid="unit-tree"
            />
          )}
        </div>
      </Card>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('tree.hint')}
      </Typography.Text>
    </Space>
  );
}
