/** The shell: header (product, working unit, language, user), side menu (a drawer on phones), page content. */
import { Suspense, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { PageErrorBoundary } from './PageErrorBoundary';
import {
  App as AntApp,
  Avatar,
  Button,
  Drawer,
  Dropdown,
  Layout,
  Menu,
  Segmented,
  Select,
  Spin,
  Tooltip,
  theme,
} from 'antd';
import type { MenuProps } from 'antd';
import {
  AimOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  BookOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FormOutlined,
  AuditOutlined,
  CheckSquareOutlined,
  FileAddOutlined,
  ClusterOutlined,
  DashboardOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  NodeIndexOutlined,
  SettingOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useAuth, useMe } from './auth';
import { useCurrentUnit } from './current-unit';
import { useI18n, type Lang } from './i18n';
import { useIsMobile } from './responsive';
import type { Permission } from './contract';
import { EndedUnitNotice } from './EndedUnitNotice';
import { ChangePasswordModal } from '../features/auth/ChangePasswordModal';
import { useMemberRights } from '../features/members/queries';
import { useCatalogueAdmin, useReportRights } from '../features/reporting/queries';
import { useChildren } from '../features/organisation/queries';
import { todayIso } from './format';

const SIDER_WIDTH = 232;

export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true">
      <rect width="64" height="64" rx="14" fill="#0b4ea2" />
      <path d="M20 44V20h12a12 12 0 0 1 0 24z" fill="none" stroke="#fff" strokeWidth="6" />
      <circle cx="46" cy="20" r="5" fill="#e53935" />
    </svg>
  );
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      size="small"
      value={lang}
      onChange={setLang}
      aria-label={t('app.language')}
      options={[
        { label: <Tooltip title={t('app.lang.viFull')}>{t('app.lang.vi')}</Tooltip>, value: 'vi' },
        { label: <Tooltip title={t('app.lang.enFull')}>{t('app.lang.en')}</Tooltip>, value: 'en' },
      ]}
      data-testid="language-switch"
    />
  );
}

function WorkingUnitPicker({ block }: { block?: boolean }) {
  const { t } = useI18n();
  const { units, unit, setUnitId, isLoading } = useCurrentUnit();
  return (
    <Select
      data-testid="working-unit"
      aria-label={t('app.workingUnit')}
      prefix={<ApartmentOutlined />}
      loading={isLoading}
      value={unit?.id}
      placeholder={t('app.workingUnit.none')}
      onChange={setUnitId}
      style={{ width: block ? '100%' : 300, maxWidth: '100%' }}
      popupMatchSelectWidth={false}
      options={units.map((u) => ({ value: u.id, label: <span title={u.name}>{u.name}</span> }))}
    />
  );
}

/** The side menu: only what the signed-in user's roles let them use. */
function useMenuItems(): MenuProps['items'] {
  const { t } = useI18n();
  const me = useMe();
  const memberRights = useMemberRights();
  const reportRights = useReportRights();
  // reports.catalogue counts only at the top union: the catalogue's answer says whether this user may edit it.
  const catalogue = useCatalogueAdmin(me.isSystemAdmin || me.permissions.includes('reports.catalogue'));
  const { unit } = useCurrentUnit();
  const subUnits = useChildren(unit?.id, todayIso());
  const can = (p: Permission) => me.isSystemAdmin || me.permissions.includes(p);
  // Restructuring founds, moves, merges and dissolves the units under the working unit: not offered where there are
  // none (a CĐCS, whose officer would only be refused).
  const canRestructure = can('org.write') && (me.isSystemAdmin || (subUnits.data?.units.length ?? 0) > 0);
  const admin: NonNullable<MenuProps['items']> = [];
  if (can('users.manage')) {
    admin.push({
      key: '/admin/users',
      icon: <UserOutlined />,
      label: <Link to="/admin/users">{t('nav.users')}</Link>,
    });
  }
  if (can('audit.read')) {
    admin.push({
      key: '/admin/audit',
      icon: <AuditOutlined />,
      label: <Link to="/admin/audit">{t('nav.audit')}</Link>,
    });
  }
  // Everyone reads the unit types where they are used; the page that edits them is the system administrators'.
  if (me.isSystemAdmin)
    admin.push({
      key: '/admin/unit-types',
      icon: <ClusterOutlined />,
      label: <Link to="/admin/unit-types">{t('nav.unitTypes')}</Link>,
    });
  const organisation: NonNullable<MenuProps['items']> = [];
  if (can('org.read'))
    organisation.push({
      key: '/units',
      icon: <NodeIndexOutlined />,
      label: <Link to="/units">{t('nav.tree')}</Link>,
    });
  if (canRestructure)
    organisation.push({
      key: '/restructure',
      icon: <ClusterOutlined />,
      label: <Link to="/restructure">{t('nav.restructure')}</Link>,
    });
  const members: NonNullable<MenuProps['items']> = [
    {
      key: '/members',
      icon: <UnorderedListOutlined />,
      label: <Link to="/members">{t('nav.memberList')}</Link>,
    },
  ];
  if (memberRights.write)
    members.push({
      key: '/members/proposals',
      icon: <FileAddOutlined />,
      label: <Link to="/members/proposals">{t('nav.proposals')}</Link>,
    });
  if (memberRights.approve)
    members.push({
      key: '/members/approvals',
      icon: <CheckSquareOutlined />,
      label: <Link to="/members/approvals">{t('nav.approvals')}</Link>,
    });
  const reports: NonNullable<MenuProps['items']> = [
    {
      key: '/reports/entry',
      icon: <FormOutlined />,
      label: <Link to="/reports/entry">{t('nav.reportEntry')}</Link>,
    },
  ];
  if (reportRights.approve)
    reports.push({
      key: '/reports/approvals',
      icon: <FileDoneOutlined />,
      label: <Link to="/reports/approvals">{t('nav.reportApprovals')}</Link>,
    });
  // The roll-up and the targets look at the units below: not offered to a unit that has none.
  if ((subUnits.data?.units.length ?? 0) > 0 || me.isSystemAdmin) {
    reports.push({
      key: '/reports/summary',
      icon: <BarChartOutlined />,
      label: <Link to="/reports/summary">{t('nav.reportSummary')}</Link>,
    });
    if (reportRights.targets)
      reports.push({
        key: '/reports/targets',
        icon: <AimOutlined />,
        label: <Link to="/reports/targets">{t('nav.reportTargets')}</Link>,
      });
  }
  if (catalogue.data?.canEdit)
    reports.push({
      key: '/reports/catalogue',
      icon: <BookOutlined />,
      label: <Link to="/reports/catalogue">{t('nav.reportCatalogue')}</Link>,
    });
  return [
    { key: '/', icon: <DashboardOutlined />, label: <Link to="/">{t('nav.dashboard')}</Link> },
    ...(organisation.length
      ? [
          {
            key: 'organisation',
            icon: <ApartmentOutlined />,
            label: t('nav.organisation'),
            children: organisation,
          },
        ]
      : []),
    ...(memberRights.read
      ? [{ key: 'members', icon: <TeamOutlined />, label: t('nav.members'), children: members }]
      : []),
    ...(reportRights.read
      ? [{ key: 'reports', icon: <FileTextOutlined />, label: t('nav.reports'), children: reports }]
      : []),
    ...(admin.length
      ? [{ key: 'admin', icon: <SettingOutlined />, label: t('nav.admin'), children: admin }]
      : []),
  ];
}

function selectedKey(pathname: string): string {
  if (pathname.startsWith('/units')) return '/units';
  if (pathname.startsWith('/restructure')) return '/restructure';
  if (pathname.startsWith('/members/proposals')) return '/members/proposals';
  if (pathname.startsWith('/members/approvals')) return '/members/approvals';
  if (pathname.startsWith('/members')) return '/members';
  if (pathname.startsWith('/reports/')) return pathname.split('/').slice(0, 3).join('/');
  if (pathname.startsWith('/admin/')) return pathname.split('/').slice(0, 3).join('/');
  return '/';
}

function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const items = useMenuItems();
  const location = useLocation();
  return (
    <Menu
      mode="inline"
      selectedKeys={[selectedKey(location.pathname)]}
      defaultOpenKeys={['organisation', 'members', 'reports', 'admin']}
      items={items}
      onClick={onNavigate}
      style={{ borderInlineEnd: 'none' }}
      data-testid="side-menu"
    />
  );
}

function UserMenu({ compact }: { compact?: boolean }) {
  const { t } = useI18n();
  const me = useMe();
  const { logOut } = useAuth();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [changing, setChanging] = useState(false);
  const items: MenuProps['items'] = [
    { key: 'who', label: <span style={{ color: 'rgba(0,0,0,.45)' }}>{me.username}</span>, disabled: true },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined />, label: t('app.changePassword') },
    { key: 'logout', icon: <LogoutOutlined />, label: t('app.logOut'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') setChanging(true);
    if (key === 'logout') {
      void logOut().then(() => {
        void message.success(t('app.loggedOut'));
        void navigate('/login');
      });
    }
  };
  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <Button
          type="text"
          data-testid="user-menu"
          style={{ paddingInline: 8, height: 40 }}
          // On a phone only the avatar shows: the button says whose account it opens.
          aria-label={compact ? t('app.userMenu', { name: me.fullName }) : undefined}
        >
          <Avatar
            size="small"
            style={{ background: '#e8f0fb', color: '#0b4ea2' }}
            icon={<UserOutlined aria-hidden />}
          />
          {!compact && (
            <span style={{ maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis' }}>{me.fullName}</span>
          )}
        </Button>
      </Dropdown>
      <ChangePasswordModal open={changing} onClose={() => setChanging(false)} />
    </>
  );
}

export function PageFallback() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin />
    </div>
  );
}

export function AppLayout({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const { token } = theme.useToken();

  const brand = (
    <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, color: 'inherit', minWidth: 0 }}>
      <BrandMark size={30} />
      <span style={{ fontWeight: 700, fontSize: 17, whiteSpace: 'nowrap', color: token.colorPrimary }}>
        {t('app.name')}
      </span>
    </Link>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 20,
          display: 'flex',
          alignItems: 'center',
          gap: mobile ? 8 : 16,
          paddingInline: mobile ? 8 : 20,
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
          height: 56,
          lineHeight: '56px',
        }}
      >
        {mobile && (
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('app.openMenu')}
            onClick={() => setDrawerOpen(true)}
            data-testid="menu-button"
          />
        )}
        {brand}
        {!mobile && (
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginInlineStart: 24, minWidth: 0 }}>
            <span style={{ color: token.colorTextSecondary, whiteSpace: 'nowrap' }}>
              {t('app.workingAs')}
            </span>
            <WorkingUnitPicker />
          </div>
        )}
        <div style={{ flex: 1 }} />
        {!mobile && <LanguageSwitch />}
        <UserMenu compact={mobile} />
      </Layout.Header>
      {mobile && (
        <div style={{ padding: '8px 8px 0', background: token.colorBgLayout }}>
          <WorkingUnitPicker block />
        </div>
      )}
      <Layout>
        {!mobile && (
          <Layout.Sider
            width={SIDER_WIDTH}
            theme="light"
            style={{
              borderInlineEnd: `1px solid ${token.colorBorderSecondary}`,
              position: 'sticky',
              top: 56,
              height: 'calc(100vh - 56px)',
              overflow: 'auto',
            }}
          >
            <SideMenu />
          </Layout.Sider>
        )}
        {mobile && (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            size={280}
            title={brand}
            styles={{ body: { padding: 0 } }}
            footer={<LanguageSwitch />}
          >
            <SideMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        )}
        <Layout.Content style={{ padding: mobile ? 8 : 20, minWidth: 0 }}>
          <EndedUnitNotice />
          <PageErrorBoundary key={location.pathname}>
            <Suspense fallback={<PageFallback />}>{children ?? <Outlet />}</Suspense>
          </PageErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
