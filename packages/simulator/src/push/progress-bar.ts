// A one-line progress bar on stderr. On a terminal it redraws in place (at most 10 times a second);
// otherwise (CI, a pipe, a log file) it prints a plain line every 10 %, so logs stay readable.

const WIDTH = 28;
const number = new Intl.NumberFormat('en-US');

export interface ProgressBar {
  update(done: number, note?: string): void;
  finish(note?: string): void;
}

export function progressBar(label: string, total: number, unit = 'events'): ProgressBar {
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let lastDraw = 0;
  let lastDecile = -1;
  let current = 0;
  // Rates count from the first update: a bar may start part-way (work already done elsewhere).
  let baseline: number | null = null;

  const line = (note?: string) => {
    const ratio = total > 0 ? Math.min(1, current / total) : 1;
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? (current - (baseline ?? 0)) / seconds : 0;
    const eta = rate > 0 && ratio < 1 ? ` eta ${Math.ceil((total - current) / rate)}s` : '';
    const filled = Math.round(ratio * WIDTH);
    const bar = tty ? `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ` : '';
    return `${label} ${bar}${Math.floor(ratio * 100)}% ${number.format(current)}/${number.format(total)} ${unit}, ${number.format(Math.round(rate))}/s${eta}${note ? `  ${note}` : ''}`;
  };

  return {
    update(done, note) {
      baseline ??= done;
      current = done;
      const now = performance.now();
      if (tty) {
        if (now - lastDraw < 100) return;
        lastDraw = now;
        process.stderr.write(`\r${line(note)}\x1b[K`);
        return;
      }
      const decile = total > 0 ? Math.floor((10 * done) / total) : 10;
      if (decile > lastDecile && decile < 10) {
        lastDecile = decile;
        process.stderr.write(`${line(note)}\n`);
      }
    },
    finish(note) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(`${tty ? '\r' : ''}${line(note)} in ${seconds}s${tty ? '\x1b[K' : ''}\n`);
    },
  };
}
