// A child process of bench:stream holding `--count` websocket clients of /v1/stream, each
// subscribed to alerts. Reports over IPC: `connected`, then per round the latest receipt time.
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';

const { values: args } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' }, count: { type: 'string' } } });
const count = Number(args.count);
const subscribe = JSON.stringify({ type: 'subscribe', topics: ['alerts'] });
// Messages are recognised by their first bytes: these processes share the API's cores, so they
// do as little per message as a client can.
const UPDATE = Buffer.from('{"type":"update"');
const READY = Buffer.from('{"type":"ready"');
const SUBSCRIBED = Buffer.from('{"type":"subscribed"');
const startsWith = (data: Buffer, prefix: Buffer) => data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
// Connections opened at once: enough to be quick, few enough not to overflow the listen backlog.
const OPENING = 200;

let received = 0;
let lastAt = 0;
const sockets: WebSocket[] = [];

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${args.url}/v1/stream`, { headers: { authorization: `Bearer ${args.token}` }, perMessageDeflate: false });
    socket.on('message', (data: Buffer) => {
      if (startsWith(data, UPDATE)) {
        received += 1;
        lastAt = Date.now();
      } else if (startsWith(data, READY)) socket.send(subscribe);
      else if (startsWith(data, SUBSCRIBED)) resolve();
    });
    socket.on('error', reject);
    sockets.push(socket);
  });
}

let next = 0;
await Promise.all(Array.from({ length: OPENING }, async () => {
  while (next < count) {
    next += 1;
    await open();
  }
}));
process.send!({ type: 'connected', count: sockets.length });

process.on('message', (message: { type: string; expect: number }) => {
  if (message.type === 'round') {
    const timer = setInterval(() => {
      // Each socket receives one update per round.
      if (received < message.expect * sockets.length) return;
      clearInterval(timer);
      process.send!({ type: 'received', lastAt });
    }, 5);
  } else if (message.type === 'close') {
    for (const s of sockets) s.terminate();
    process.exit(0);
  }
});
