/** The unit's restructuring history as a timeline: what happened, when it took effect, by which decision, who recorded it. */
import { useState } from 'react';
import { Button, Empty, Timeline, Typography } from 'antd';
import type { UnitDetail, UnitEventView } from '../../app/contract';
import { useI18n, type Translate } from '../../app/i18n';
import { useLabels } from '../../app/labels';
import { formatNumber } from '../../app/format';
import { TimelineEntry } from '../../app/TimelineEntry';

interface Named {
  id?: string;
  name?: string;
  code?: string;
}

interface EventDetails {
  founded: Named[];
  renamed: { id?: string; from?: string; to?: string }[];
  moves: (Named & { from?: string; to?: string })[];
  moved: number;
  dissolved: Named[];
  target?: Named;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const named = (value: unknown): Named => {
  const r = asRecord(value);
  return { id: asString(r.id), name: asString(r.name), code: asString(r.code) };
};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The event's `details` column, read defensively: older events may lack some parts. */
export function parseDetails(raw: unknown): EventDetails {
  const r = asRecord(raw);
  return {
    founded: list(r.founded).map(named),
    renamed: list(r.renamed).map((x) => {
      const o = asRecord(x);
      return { id: asString(o.id), from: asString(o.from), to: asString(o.to) };
    }),
    moves: list(r.moves).map((x) => ({
      ...named(x),
      from: asString(asRecord(x).from),
      to: asString(asRecord(x).to),
    })),
    moved: typeof r.moved === 'number' ? r.moved : list(r.moves).length,
    dissolved: list(r.dissolved).map(named),
    target: r.target ? named(r.target) : undefined,
  };
}

/** Tag presets and the matching timeline dot colours. */
const KIND_COLORS: Record<string, { tag: string; dot: string }> = {
  found: { tag: 'green', dot: '#52c41a' },
  rename: { tag: 'blue', dot: '#1677ff' },
  move: { tag: 'geekblue', dot: '#2f54eb' },
  merge: { tag: 'purple', dot: '#722ed1' },
  split: { tag: 'orange', dot: '#fa8c16' },
  dissolve: { tag: 'red', dot: '#f5222d' },
  restructure: { tag: 'cyan', dot: '#13c2c2' },
};

const MAX_LINES = 5;

/** Whether the event's details name this unit itself (then its role needs no explanation). */
function namesUnit(event: UnitEventView, unitId: string): boolean {
  const d = parseDetails(event.details);
  return [...d.founded, ...d.moves, ...d.dissolved, ...d.renamed].some((x) => x.id === unitId);
}

function names(items: Named[], t: Translate, max = MAX_LINES): string {
  const shown = items.slice(0, max).map((n) => n.name ?? n.code ?? '');
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(', ')} ${t('event.andMore', { count: more })}` : shown.join(', ');
}

function detailLines(
  event: UnitEventView,
  unitId: string,
  parentHistory: UnitDetail['parentHistory'],
  t: Translate,
  /** Lines of each kind listed before "… and N more" (all of them once the reader opened the event). */
  max = MAX_LINES,
): string[] {
  const d = parseDetails(event.details);
  const lines: string[] = [];
  if (d.founded.length) lines.push(t('event.detail.founded', { units: names(d.founded, t, max) }));
  for (const r of d.renamed.slice(0, max))
    lines.push(t('event.detail.renamed', { from: r.from ?? '', to: r.to ?? '' }));
  if (d.renamed.length > max) lines.push(t('event.detail.renamedMore', { count: d.renamed.length - max }));
  for (const m of d.moves.slice(0, max)) {
    // The event keeps only the destination; for this unit's own move the old parent comes from its history.
    const from =
      m.id === unitId ? parentHistory.find((p) => p.validTo === event.effectiveOn)?.parentName : undefined;
    lines.push(
      from
        ? t('event.detail.movedFromTo', { unit: m.name ?? '', from, to: m.to ?? '' })
        : t('event.detail.movedTo', { unit: m.name ?? '', to: m.to ?? '' }),
    );
  }
  const listed = Math.min(max, d.moves.length);
  if (d.moved > listed) lines.push(t('event.detail.movedMore', { count: d.moved - listed }));
  if (d.dissolved.length) lines.push(t('event.detail.ended', { units: names(d.dissolved, t, max) }));
  if (d.target?.name) lines.push(t('event.detail.target', { unit: d.target.name }));
  return lines;
}

/** How many changes an event made in all (moves counted even past the ones it lists). */
function changeCount(d: EventDetails): number {
  return d.founded.length + d.renamed.length + Math.max(d.moved, d.moves.length) + d.dissolved.length;
}

/** What the event did to this unit itself, in one line each (empty when the unit only took part). */
export function ownLines(event: UnitEventView, unitId: string, t: Translate): string[] {
  const d = parseDetails(event.details);
  const lines: string[] = [];
  if (d.founded.some((f) => f.id === unitId)) lines.push(t('event.own.founded'));
  for (const r of d.renamed.filter((x) => x.id === unitId))
    lines.push(t('event.detail.renamed', { from: r.from ?? '', to: r.to ?? '' }));
  // Where this unit went, from its own parent history (the decision may list only its first 200 moves).
  const own = event.own;
  if (own?.movedTo)
    lines.push(
      own.movedFrom
        ? t('event.own.moved', { from: own.movedFrom, to: own.movedTo })
        : t('event.own.movedTo', { to: own.movedTo }),
    );
  else
    for (const m of d.moves.filter((x) => x.id === unitId))
      lines.push(t('event.detail.movedTo', { unit: m.name ?? '', to: m.to ?? '' }));
  if (d.dissolved.some((x) => x.id === unitId)) lines.push(t('event.own.ended'));
  if (d.target?.name && d.moves.some((m) => m.to === d.target?.name))
    lines.push(t('event.detail.target', { unit: d.target.name }));
  return lines;
}

/** Items of a group shown at first, and added by each "xem thêm". */
const GROUP_FIRST = 10;
const GROUP_STEP = 50;

/** One kind of change of a large decision: its count, its first items one a line, more on request. */
function ChangeGroup({
  title,
  items,
  unlisted = 0,
  testId,
}: {
  title: string;
  items: string[];
  /** Changes the decision counts but does not list. */
  unlisted?: number;
  testId: string;
}) {
  const { t } = useI18n();
  const [shown, setShown] = useState(GROUP_FIRST);
  if (items.length === 0 && unlisted === 0) return null;
  const rest = items.length - shown;
  return (
    <div style={{ marginTop: 8 }} data-testid={testId}>
      <Typography.Text strong style={{ fontSize: 13 }}>
        {title}
      </Typography.Text>
      <ul style={{ margin: '2px 0 0', paddingInlineStart: 18, fontSize: 13 }} className="cd-muted">
        {items.slice(0, shown).map((item, i) => (
          <li key={i} style={{ overflowWrap: 'anywhere' }}>
            {item}
          </li>
        ))}
      </ul>
      {rest > 0 && (
        <Button
          type="link"
          size="small"
          style={{ paddingInline: 0 }}
          onClick={() => setShown((n) => n + GROUP_STEP)}
          data-testid="timeline-group-more"
        >
          {t('event.group.more', { count: formatNumber(Math.min(rest, GROUP_STEP)) })}
        </Button>
      )}
      {rest <= 0 && unlisted > 0 && (
        <div className="cd-muted" style={{ fontSize: 13 }}>
          {t('event.group.unlisted', { count: formatNumber(unlisted) })}
        </div>
      )}
    </div>
  );
}

/** Every change of a large decision, grouped by kind, each group short until the reader asks for more. */
function ChangeGroups({ details: d }: { details: EventDetails }) {
  const { t } = useI18n();
  const nameOf = (n: Named) => n.name ?? n.code ?? '';
  const moved = Math.max(d.moved, d.moves.length);
  return (
    <div data-testid="timeline-event-groups">
      <ChangeGroup
        title={t('event.group.founded', { count: formatNumber(d.founded.length) })}
        items={d.founded.map(nameOf)}
        testId="timeline-group-founded"
      />
      <ChangeGroup
        title={t('event.group.renamed', { count: formatNumber(d.renamed.length) })}
        items={d.renamed.map((r) => t('event.item.renamed', { from: r.from ?? '', to: r.to ?? '' }))}
        testId="timeline-group-renamed"
      />
      <ChangeGroup
        title={t('event.group.moved', { count: formatNumber(moved) })}
        items={d.moves.map((m) => t('event.item.moved', { unit: nameOf(m), to: m.to ?? '' }))}
        unlisted={moved - d.moves.length}
        testId="timeline-group-moved"
      />
      <ChangeGroup
        title={t('event.group.ended', { count: formatNumber(d.dissolved.length) })}
        items={d.dissolved.map(nameOf)}
        testId="timeline-group-ended"
      />
      {d.target?.name && (
        <div style={{ marginTop: 8 }}>{t('event.detail.target', { unit: d.target.name })}</div>
      )}
    </div>
  );
}

/**
 * A large decision (a province's 1/7/2025 plan) is one line with its count and what it did to this unit; the rest
 * of its changes open on request, so a unit's timeline shows what concerns it.
 */
function EventBody({
  event,
  unitId,
  parentHistory,
}: {
  event: UnitEventView;
  unitId: string;
  parentHistory: UnitDetail['parentHistory'];
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const d = parseDetails(event.details);
  const count = changeCount(d);
  if (count <= MAX_LINES)
    return (
      <>
        {detailLines(event, unitId, parentHistory, t).map((line, i) => (
          <div key={i}>{line}</div>
        ))}
      </>
    );
  return (
    <div data-testid="timeline-event-collapsed">
      {ownLines(event, unitId, t).map((line, i) => (
        <div key={i}>{line}</div>
      ))}
      <Button
        type="link"
        size="small"
        style={{ paddingInline: 0, minHeight: 40 }}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="timeline-event-expand"
      >
        {open ? t('event.collapse') : t('event.expand', { count: formatNumber(count) })}
      </Button>
      {open && <ChangeGroups details={d} />}
    </div>
  );
}

export function UnitTimeline({
  events,
  unitId,
  parentHistory,
}: {
  events: UnitEventView[];
  unitId: string;
  parentHistory: UnitDetail['parentHistory'];
}) {
  const { t } = useI18n();
  const labels = useLabels();
  if (events.length === 0) {
    return (
      <div data-testid="unit-timeline">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('unit.timeline.empty')} />
      </div>
    );
  }
  return (
    <Timeline
      data-testid="unit-timeline"
      items={events.map((event) => ({
        key: event.id,
        color: KIND_COLORS[event.kind]?.dot ?? 'gray',
        content: (
          <TimelineEntry
            event={event}
            label={labels.eventKind(event.kind)}
            color={KIND_COLORS[event.kind]?.tag}
            heading={
              event.role !== 'subject' &&
              !namesUnit(event, unitId) &&
              !event.own && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  ({labels.eventRole(event.role)})
                </Typography.Text>
              )
            }
            testId="timeline-event"
            recordedNote={event.fromUnitRecord ? t('event.fromUnitRecord') : undefined}
          >
            <EventBody event={event} unitId={unitId} parentHistory={parentHistory} />
          </TimelineEntry>
        ),
      }))}
    />
  );
}
