import { describe, expect, it } from 'vitest';
import { orgProblems, renderOrgProblem, type OrgProblemCode } from './errors';

describe('organisation errors', () => {
  it('says every refusal in Vietnamese and in English, with every placeholder filled', () => {
    for (const code of Object.keys(orgProblems) as OrgProblemCode[]) {
      const params = {
        key: 'k',
        type: 'Công đoàn cơ sở',
        date: '01/07/2025',
        name: 'Tên',
        unit: 'A',
        parent: 'B',
      };
      const vi = renderOrgProblem(code, params, 'vi');
      const en = renderOrgProblem(code, params, 'en');
      expect(vi, code).not.toMatch(/[{}]/);
      expect(en, code).not.toMatch(/[{}]/);
      expect(en, code).not.toBe(vi);
      // The same facts in both: each placeholder of one language appears in the other.
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(orgProblems[code].en), code).toEqual(names(orgProblems[code].vi));
    }
  });
});
