import { readdirSync, readFileSync } from 'node:fs';

// CPU time from /proc (Linux only; elsewhere every figure is null). USER_HZ is 100 on every Linux
// distribution Vigie targets; /proc/<pid>/stat counts in those ticks.
const TICKS_PER_SECOND = 100;

/** user + system CPU seconds of one process, or null if it is gone or this is not Linux. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

function pids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // The process ended between the listing and the read.
    return '';
  }
}

/** CPU seconds summed over every process with this command name (redis-server, say). */
export function cpuSecondsOfCommand(command: string): number | null {
  const all = pids();
  if (all.length === 0) return null;
  return all.filter((pid) => readOrEmpty(`/proc/${pid}/comm`).trim() === command).reduce((sum, pid) => sum + (cpuSecondsOf(pid) ?? 0), 0);
}

/**
 * CPU seconds of each PostgreSQL backend serving one database, by pid. A backend's title names its
 * database ("postgres: 15/main: postgres vigie_bench_1 127.0.0.1(5432) idle"), which keeps other
 * databases' work out of the figure when tests run on the same server.
 */
export function cpuSecondsOfBackends(database: string): Map<number, number> | null {
  const all = pids();
  if (all.length === 0) return null;
  const backends = new Map<number, number>();
  for (const pid of all) {
    const title = readOrEmpty(`/proc/${pid}/cmdline`).replaceAll('\0', ' ');
    if (title.startsWith('postgres: ') && title.includes(` ${database} `)) backends.set(pid, cpuSecondsOf(pid) ?? 0);
  }
  return backends;
}

export interface CpuSample {
  api: number | null;
  worker: number | null;
  /** Per backend: a pool closes idle connections, and a total would drop with them. */
  postgres: Map<number, number> | null;
  redis: number | null;
  bench: number;
}

export interface CpuSpent extends Omit<CpuSample, 'postgres'> {
  postgres: number | null;
}

export function sampleCpu(apiPid: number, workerPid: number, database: string): CpuSample {
  const self = process.cpuUsage();
  return {
    api: cpuSecondsOf(apiPid),
    worker: cpuSecondsOf(workerPid),
    postgres: cpuSecondsOfBackends(database),
    redis: cpuSecondsOfCommand('redis-server'),
    bench: (self.user + self.system) / 1e6,
  };
}

/**
 * CPU seconds spent by each component between two samples. A backend that ended in between is
 * missing from the second: its share of the interval is lost, so PostgreSQL's figure is a floor.
 */
export function cpuSpent(before: CpuSample, after: CpuSample): CpuSpent {
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);
  const backends = (a: Map<number, number> | null, b: Map<number, number> | null) =>
    a === null || b === null ? null : [...b].reduce((sum, [pid, seconds]) => sum + seconds - (a.get(pid) ?? 0), 0);
  return {
    api: diff(before.api, after.api),
    worker: diff(before.worker, after.worker),
    postgres: backends(before.postgres, after.postgres),
    redis: diff(before.redis, after.redis),
    bench: after.bench - before.bench,
  };
}
