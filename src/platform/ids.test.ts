import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { newId, newIds } from './ids';

describe('ids of rows made in bulk', () => {
  it('are UUID version 7, all different, and later ids sort after earlier ones', async () => {
    const first = newIds(10_000);
    expect(new Set(first).size).toBe(10_000);
    for (const id of [...first.slice(0, 50), newId()]) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = newIds(3);
    // The first 48 bits are the time in milliseconds: ids of a later moment sort after every earlier one.
    expect(later.every((id) => first.every((earlier) => id > earlier))).toBe(true);
  });
});
