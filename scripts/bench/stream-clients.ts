// A child process of bench:stream holding `--count` websocket clients of /v1/stream, each
// subscribed to alerts, with the lean client (default) or ws (`--client ws`). Reports over IPC:
// `connected`, then per round the latest receipt time.
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import * as leanWebsocket from './lean-websocket.ts';

const { values: args } = parseArgs({
  options: { url: { type: 'string' }, token: { type: 'string' }, count: { type: 'string' }, client: { type: 'string', default: 'lean' } },
});
const count = Number(args.count);
const url = new URL('/v1/stream', args.url);
const headers = { authorization: `Bearer ${args.token}` };
const subscribe = JSON.stringify({ type: 'subscribe', topics: ['alerts'] });
// Messages are recognised by their first bytes: these processes share the API's cores, so they
// do as little per message as a client can.
const UPDATE = Buffer.from('{"type":"update"');
const READY = Buffer.from('{"type":"ready"');
const SUBSCRIBED = Buffer.from('{"type":"subscribed"');
const startsWith = (data: Buffer, prefix: Buffer) =>
  data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
// Connections opened at once: enough to be quick, few enough not to overflow the listen backlog.
const OPENING = 200;

let received = 0;
let lastAt = 0;
const closers: (() => void)[] = [];

function onText(data: Buffer, socket: { send(text: string): void }, subscribed: () => void) {
  if (startsWith(data, UPDATE)) {
    received += 1;
    lastAt = Date.now();
  } else if (startsWith(data, READY)) socket.send(subscribe);
  else if (startsWith(data, SUBSCRIBED)) subscribed();
}

function openWs(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, perMessageDeflate: false });
    socket.on('message', (data: Buffer) => onText(data, socket, resolve));
    socket.on('error', reject);
    closers.push(() => socket.terminate());
  });
}

function openLean(): Promise<void> {
  return new Promise((resolve, reject) => {
    leanWebsocket
      .connect(url, headers, (data, socket) => onText(data, socket, resolve))
      .then((socket) => closers.push(() => socket.destroy()), reject);
  });
}

const open = args.client === 'ws' ? openWs : openLean;
let next = 0;
await Promise.all(
  Array.from({ length: OPENING }, async () => {
    while (next < count) {
      next += 1;
      await open();
    }
  }),
);
process.send!({ type: 'connected', count: closers.length });

process.on('message', (message: { type: string; expect: number }) => {
  if (message.type === 'round') {
    const timer = setInterval(() => {
      // Each socket receives one update per round.
      if (received < message.expect * closers.length) return;
      clearInterval(timer);
      process.send!({ type: 'received', lastAt });
    }, 5);
  } else if (message.type === 'close') {
    for (const close of closers) close();
    process.exit(0);
  }
});
