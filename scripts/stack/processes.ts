import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The project's Node 24 (type stripping); the system node may be older.
const NODE = existsSync(path.join(ROOT, 'node_modules/.bin/node')) ? path.join(ROOT, 'node_modules/.bin/node') : process.execPath;

const ENTRY_POINTS = { api: 'services/api/src/server.ts', worker: 'services/worker/src/main.ts' } as const;
export type ServiceName = keyof typeof ENTRY_POINTS;

export interface Service {
  name: ServiceName;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
  hasExited(): boolean;
  /** Peak resident memory so far (VmHWM), in MiB; null once exited or off Linux. */
  peakRssMb(): number | null;
  /** SIGTERM, then SIGKILL if it has not ended after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  logTail(lines?: number): string;
}

const running = new Set<Service>();
// A crash of the launcher must not leave an API holding its port: children run in their own process
// group (so a terminal's Ctrl-C reaches the launcher only, which stops them in order) and are
// signalled here on any exit.
process.on('exit', () => {
  for (const service of running) if (!service.hasExited()) process.kill(service.pid, 'SIGTERM');
});

/** Spawns the API or the worker with this environment; stdout and stderr go to `logFile`. */
export function startService(name: ServiceName, env: NodeJS.ProcessEnv, logFile: string): Service {
  const fd = openSync(logFile, 'w');
  const child = spawn(NODE, [ENTRY_POINTS[name]], { cwd: ROOT, env, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start the ${name} (${NODE})`);
  const pid = child.pid;
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      done = true;
      running.delete(service);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const service: Service = {
    name,
    pid,
    logFile,
    exited,
    hasExited: () => done,
    peakRssMb: () => (done ? null : memoryOf(pid, 'VmHWM')),
    async stop(graceMs = 20_000) {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    logTail: (lines = 15) => readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'),
  };
  running.add(service);
  return service;
}

/** A line of /proc/<pid>/status in MiB (VmHWM = peak resident set, VmRSS = current). */
export function memoryOf(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Polls GET /readyz until it answers 200; fails early, with the log's tail, if the process dies. */
export async function waitUntilReady(service: Service, baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.hasExited())
      throw new Error(`the ${service.name} exited during start-up (exit ${await service.exited}):\n${service.logTail()}`);
    const ready = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the ${service.name} was not ready after ${timeoutMs / 1000} s; see ${service.logFile}`);
}

/** Resolves if nothing listens on host:port, rejects with a hint otherwise. */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      reject(new Error(`something already listens on ${host}:${port}; stop it or set API_PORT to another port`));
    });
    socket.once('error', () => resolve());
  });
}

/** A TCP port nobody listens on right now (the kernel picks it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
