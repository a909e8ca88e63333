/** The web app's catalogs: English has exactly the Vietnamese keys, nothing is empty, placeholders agree. */
import { describe, expect, it } from 'vitest';
import { vi } from '../web/src/app/i18n/vi';
import { en } from '../web/src/app/i18n/en';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('web i18n catalogs', () => {
  it('has the same keys in English as in Vietnamese', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it('has no empty message', () => {
    const empty = [...Object.entries(vi), ...Object.entries(en)]
      .filter(([, text]) => text.trim() === '')
      .map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const differing = Object.keys(vi).filter((key) => {
      const k = key as keyof typeof vi;
      return placeholders(vi[k]).join() !== placeholders(en[k]).join();
    });
    expect(differing).toEqual([]);
  });
});
