/** The words of the i18n types, apart so that the catalog's helpers (problems.ts) and the provider share them. */
import type { MessageKey } from './vi';

export type Lang = 'vi' | 'en';
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;
