import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './array-literal.ts';

describe('arrayLiteral', () => {
  it('leaves plain values bare and quotes what PostgreSQL would misread', () => {
    expect(arrayLiteral(['6f1c2b1e-0000-4000-8000-000000000001', '2026-12-03T10:15:00+01:00', 12.5, null, 0])).toBe(
      '{6f1c2b1e-0000-4000-8000-000000000001,2026-12-03T10:15:00+01:00,12.5,NULL,0}',
    );
    expect(arrayLiteral(['', 'NULL', 'null', 'a b', 'a,b', '{x}', 'say "hi"', 'back\\slash'])).toBe(
      '{"","NULL","null","a b","a,b","{x}","say \\"hi\\"","back\\\\slash"}',
    );
    expect(arrayLiteral([])).toBe('{}');
  });
});
