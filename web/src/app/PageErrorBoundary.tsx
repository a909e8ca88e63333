/**
 * A page that throws while drawing shows what happened, with a reload, instead of leaving a blank screen; the menu
 * and header around it stay usable. A new address starts afresh (Layout gives each path its own boundary).
 */
import { Component, type ReactNode } from 'react';
import { Button, Result, Typography } from 'antd';
import { useI18n } from './i18n';

function Crashed({ error }: { error: Error }) {
  const { t } = useI18n();
  return (
    <Result
      status="error"
      title={t('app.crashed')}
      subTitle={t('app.crashed.hint')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('app.crashed.reload')}
        </Button>
      }
      data-testid="page-crashed"
    >
      <Typography.Text type="secondary" code>
        {error.message}
      </Typography.Text>
    </Result>
  );
}

export class PageErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    return this.state.error ? <Crashed error={this.state.error} /> : this.props.children;
  }
}
