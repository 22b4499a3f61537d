// Splits a migration file into its statements, so that each is sent as its own query. Citus plans
// some utility statements only when they arrive alone (citusdata/citus#6608: a multi-statement
// query string touching distributed tables is refused), and plain PostgreSQL runs them the same.

/** Where the text at `i` opens a quoted or commented span, the index just past its end. */
function skipQuoted(sql: string, i: number): number | undefined {
  const rest = sql.slice(i);
  if (rest.startsWith('--')) {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end + 1;
  }
  if (rest.startsWith('/*')) {
    // PostgreSQL nests block comments.
    let depth = 0;
    for (let j = i; j < sql.length; j++) {
      if (sql.startsWith('/*', j)) depth++;
      else if (sql.startsWith('*/', j)) depth--;
      else continue;
      if (depth === 0) return j + 2;
      j++;
    }
    return sql.length;
  }
  const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest);
  if (dollar && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
    const end = sql.indexOf(dollar[0], i + dollar[0].length);
    return end < 0 ? sql.length : end + dollar[0].length;
  }
  const quote = sql[i];
  if (quote === "'" || quote === '"') {
    // E'...' strings escape with a backslash; every kind doubles its quote.
    const backslash = quote === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? '');
    for (let j = i + 1; j < sql.length; j++) {
      if (backslash && sql[j] === '\\') j++;
      else if (sql[j] === quote && sql[j + 1] === quote) j++;
      else if (sql[j] === quote) return j + 1;
    }
    return sql.length;
  }
  return undefined;
}

const onlyComments = (statement: string) => statement.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim() === '';

/** The statements of a SQL script, in order, each without its terminating semicolon; comments stay with the statement that follows them. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  for (let i = 0; i < sql.length;) {
    const skipped = skipQuoted(sql, i);
    if (skipped !== undefined) {
      i = skipped;
      continue;
    }
    if (sql[i] === ';') {
      statements.push(sql.slice(start, i).trim());
      start = i + 1;
    }
    i++;
  }
  statements.push(sql.slice(start).trim());
  return statements.filter((s) => s !== '' && !onlyComments(s));
}
