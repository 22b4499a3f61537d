// Arrays sent to `unnest(...)` travel as one text parameter each. pg's own encoder quotes and
// escapes every element with two regular expressions, which costs more than the INSERT's own work
// in Node for a group of a thousand rows; ids, instants and numbers never need quoting.

const NEEDS_QUOTES = /[{}",\\\s]|^$|^null$/i;

/** A PostgreSQL array literal ('{a,b,NULL}') of the values, to be cast in SQL (`::uuid[]`, `::int[]`...). */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) literal += ',';
    const value = values[i];
    if (value === null || value === undefined) literal += 'NULL';
    else if (typeof value === 'number') literal += String(value);
    else literal += NEEDS_QUOTES.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : value;
  }
  return `${literal}}`;
}
