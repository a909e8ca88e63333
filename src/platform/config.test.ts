import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has defaults for a first run', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.CONGDOAN_DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
  });
  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SESSION_HOURS: '0' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.join('\n')).toMatch(/PORT/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL/);
      expect(problems.join('\n')).toMatch(/SESSION_HOURS/);
    }
  });
});

describe('e-mail settings', () => {
  it('leaves SMTP unset by default and reads an smtp or smtps URL', () => {
    expect(loadConfig({}).SMTP_URL).toBeUndefined();
    expect(loadConfig({}).MAIL_FROM).toMatch(/@/);
    expect(loadConfig({ SMTP_URL: 'smtp://thu:bi-mat@mail.congdoan.vn:587' }).SMTP_URL).toBe(
      'smtp://thu:bi-mat@mail.congdoan.vn:587',
    );
    expect(loadConfig({ MAIL_FROM: 'Công Đoàn Số <thongbao@congdoan.vn>' }).MAIL_FROM).toBe(
      'Công Đoàn Số <thongbao@congdoan.vn>',
    );
  });
  it('refuses a bad SMTP URL in Vietnamese without showing its password', () => {
    for (const bad of ['mail.congdoan.vn', 'http://mail.congdoan.vn', 'smtp://']) {
      try {
        loadConfig({ SMTP_URL: bad });
        expect.unreachable(bad);
      } catch (error) {
        const text = (error as ConfigError).problems.join('\n');
        expect(text).toMatch(/SMTP_URL: phải là địa chỉ máy chủ thư dạng smtp:\/\//);
      }
    }
    try {
      loadConfig({ SMTP_URL: 'ftp://thu:mat-khau-bi-mat@x', MAIL_FROM: 'khong-phai-dia-chi' });
      expect.unreachable();
    } catch (error) {
      const text = (error as ConfigError).problems.join('\n');
      expect(text).not.toMatch(/mat-khau-bi-mat/);
      expect(text).toMatch(/MAIL_FROM: phải là một địa chỉ thư điện tử/);
    }
  });
});
