/** Providers and routes. Pages behind the login load on demand. */
import { lazy, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import viVN from 'antd/es/locale/vi_VN';
import enUS from 'antd/es/locale/en_US';
import type { Locale } from 'antd/es/locale';
import { DATE_PLACEHOLDER } from './format';
import { ApiError } from './api';
import { AuthProvider, useAuth } from './auth';
import { CurrentUnitProvider } from './current-unit';
import { I18nProvider, useI18n } from './i18n';
import { AppLayout, PageFallback } from './Layout';
import { useIsMobile, usePrefersReducedMotion } from './responsive';
import { LoginPage } from '../features/auth/LoginPage';

const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage'));
const TreePage = lazy(() => import('../features/organisation/TreePage'));
const UnitPage = lazy(() => import('../features/organisation/UnitPage'));
const RestructurePage = lazy(() => import('../features/organisation/RestructurePage'));
const UsersPage = lazy(() => import('../features/admin/UsersPage'));
const AuditPage = lazy(() => import('../features/admin/AuditPage'));
const UnitTypesPage = lazy(() => import('../features/admin/UnitTypesPage'));
const MembersPage = lazy(() => import('../features/members/MembersPage'));
const MemberPage = lazy(() => import('../features/members/MemberPage'));
const ProposalsPage = lazy(() => import('../features/members/ProposalsPage'));
const ApprovalsPage = lazy(() => import('../features/members/ApprovalsPage'));
const ReportEntryPage = lazy(() => import('../features/reporting/EntryPage'));
const ReportApprovalsPage = lazy(() => import('../features/reporting/ApprovalsPage'));
const ReportSummaryPage = lazy(() => import('../features/reporting/SummaryPage'));
const ReportTargetsPage = lazy(() => import('../features/reporting/TargetsPage'));
const ReportCataloguePage = lazy(() => import('../features/reporting/CatalogueAdminPage'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A refused or missing resource will not appear on retry; a dropped connection may.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

function RequireAuth({ children }: { children: ReactNode }) {
  const { state, retry } = useAuth();
  const { t, errorText } = useI18n();
  const location = useLocation();
  if (state.status === 'loading') return <PageFallback />;
  if (state.status === 'anonymous') {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (state.status === 'failed') {
    return (
      <Result
        status="warning"
        title={t('app.loadFailed')}
        subTitle={errorText(state.error)}
        extra={
          <Button type="primary" onClick={retry}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  return <CurrentUnitProvider>{children}</CurrentUnitProvider>;
}

function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title={t('app.notFound')} subTitle={t('app.notFound.hint')} />;
}

/** antd's own words, with one date placeholder for every date input: the format people type. */
function withDatePlaceholder(locale: Locale): Locale {
  const picker = locale.DatePicker;
  if (!picker) return locale;
  return {
    ...locale,
    DatePicker: { ...picker, lang: { ...picker.lang, placeholder: DATE_PLACEHOLDER } },
  };
}
const LOCALES = { vi: withDatePlaceholder(viVN), en: withDatePlaceholder(enUS) };

/** Phones: every control a finger touches is at least 40 px high (buttons, inputs, pagination, menu items). */
const PHONE_TOUCH = {
  token: { controlHeight: 40, controlHeightSM: 40, controlHeightLG: 44 },
  components: {
    Pagination: { itemSize: 40, itemSizeSM: 40 },
    Menu: { itemHeight: 44 },
    Segmented: { trackPadding: 2 },
    Card: { bodyPadding: 12, headerPadding: 12 },
  },
};

function Themed({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  const mobile = useIsMobile();
  const reducedMotion = usePrefersReducedMotion();
  return (
    <ConfigProvider
      locale={LOCALES[lang]}
      theme={{
        token: {
          colorPrimary: '#0b4ea2',
          colorLink: '#0b4ea2',
          borderRadius: 6,
          // Less motion when the system asks for it: panels open at once.
          motion: !reducedMotion,
          fontFamily:
            "'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif",
          ...(mobile ? PHONE_TOUCH.token : {}),
        },
        components: {
          Layout: { headerBg: '#ffffff', bodyBg: '#f3f5f9' },
          // Phones get tighter cards so content keeps the width, and larger touch targets.
          ...(mobile ? PHONE_TOUCH.components : {}),
        },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Themed>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <BrowserRouter>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route index element={<DashboardPage />} />
                  <Route path="units" element={<TreePage />} />
                  <Route path="units/:unitId" element={<UnitPage />} />
                  <Route path="restructure" element={<RestructurePage />} />
                  <Route path="members" element={<MembersPage />} />
                  <Route path="members/proposals" element={<ProposalsPage />} />
                  <Route path="members/approvals" element={<ApprovalsPage />} />
                  <Route path="members/:unitId/:memberId" element={<MemberPage />} />
                  <Route path="reports/entry" element={<ReportEntryPage />} />
                  <Route path="reports/approvals" element={<ReportApprovalsPage />} />
                  <Route path="reports/summary" element={<ReportSummaryPage />} />
                  <Route path="reports/targets" element={<ReportTargetsPage />} />
                  <Route path="reports/catalogue" element={<ReportCataloguePage />} />
                  <Route path="admin/users" element={<UsersPage />} />
                  <Route path="admin/audit" element={<AuditPage />} />
                  <Route path="admin/unit-types" element={<UnitTypesPage />} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </BrowserRouter>
          </AuthProvider>
        </QueryClientProvider>
      </Themed>
    </I18nProvider>
  );
}
