/**
 * Vietnamese first, English as a switch. Every user-facing string goes through `t(key)`; the key type comes from
 * the Vietnamese catalog, so an unknown key does not compile and the English catalog must have every key.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { ApiError, interpolate, type Problem } from '../api';
import { setFormatLanguage } from '../format';

export { interpolate };
import { vi, type MessageKey } from './vi';
import { en } from './en';
import { describeProblem, problemMessage } from './problems';

export { fieldLabel, describeProblem, problemMessage, problemPlace } from './problems';

export type { MessageKey } from './vi';
import type { Lang, Translate } from './types';
export type { Lang, MessageParams, Translate } from './types';

const catalogs: Record<Lang, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = 'congdoan.lang';

export function translator(lang: Lang): Translate {
  const catalog = catalogs[lang];
  return (key, params) => interpolate(catalog[key], params);
}

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /**
   * What the server said, in the current language: its message (the server sends both), then each of its problems
   * with the field it names ("Dòng 3 · Số CCCD: …").
   */
  errorText: (error: unknown) => string;
  /** The message alone, for forms that show the problems beside their fields. */
  errorTitle: (error: unknown) => string;
  /** One problem with the field it names, as errorText shows it. */
  problemText: (problem: Problem) => string;
  /** A problem's message alone in the current language (beside the field it names). */
  problemMessage: (problem: Problem) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  useEffect(() => {
    document.documentElement.lang = lang;
    dayjs.locale(lang === 'vi' ? 'vi' : 'en');
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    setFormatLanguage(next);
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
  }, []);

  const value = useMemo<I18nValue>(() => {
    const t = translator(lang);
    const errorTitle = (error: unknown) => {
      if (error instanceof ApiError) return lang === 'vi' ? error.message : error.messageEn;
      return t('common.unexpectedError');
    };
    const problemText = (problem: Problem) => describeProblem(problem, t, lang);
    const errorText = (error: unknown) => {
      const title = errorTitle(error);
      if (!(error instanceof ApiError) || error.problems.length === 0) return title;
      return [title, ...error.problems.map(problemText)].join(' ');
    };
    return {
      lang,
      setLang,
      t,
      errorText,
      errorTitle,
      problemText,
      problemMessage: (problem: Problem) => problemMessage(problem, lang),
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

// dayjs and the number formats must know the language before the first render.
dayjs.locale(initialLang() === 'vi' ? 'vi' : 'en');
setFormatLanguage(initialLang());
