// The websocket client of bench:stream's client processes: RFC 6455 over a TCP socket read into one
// buffer shared by all sockets (net's `onread`), with no stream machinery per socket. These
// processes share the machine's cores with the API they measure, so the less each message costs
// them, the more the figure measures the API. Text frames only, no extensions; pings are answered.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

export interface LeanSocket {
  send(text: string): void;
  destroy(): void;
}

// RFC 6455 section 1.3: the server proves it read the key by hashing it with this GUID.
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const Opcode = { text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;
// Read by every socket in turn: what a read leaves unparsed is copied out before the next read.
const shared = Buffer.allocUnsafe(256 * 1024);

/** Opens a websocket; `onText` gets each text message's payload, valid only during the call. */
export function connect(
  url: URL,
  headers: Record<string, string>,
  onText: (payload: Buffer, socket: LeanSocket) => void,
): Promise<LeanSocket> {
  return new Promise((resolve, reject) => {
    const key = randomBytes(16).toString('base64');
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    let pending: Buffer | null = null;
    let open = false;
    const lean: LeanSocket = {
      send: (text) => tcp.write(maskedFrame(Opcode.text, Buffer.from(text))),
      destroy: () => tcp.destroy(),
    };

    const tcp = net.connect({
      host: url.hostname,
      port: Number(url.port),
      noDelay: true,
      onread: {
        buffer: shared,
        callback(nread: number): boolean {
          let data = pending ? Buffer.concat([pending, shared.subarray(0, nread)]) : shared.subarray(0, nread);
          pending = null;
          if (!open) {
            const end = data.indexOf('\r\n\r\n');
            if (end < 0) {
              pending = Buffer.from(data);
              return true;
            }
            const head = data.subarray(0, end).toString('latin1');
            if (!acceptsUpgrade(head, accept)) {
              fail(new Error(`no websocket upgrade: ${head.split('\r\n')[0]}`));
              return false;
            }
            open = true;
            resolve(lean);
            data = data.subarray(end + 4);
          }
          const used = readFrames(data, lean, onText, tcp);
          if (used < data.length) pending = Buffer.from(data.subarray(used));
          return true;
        },
      },
    });
    const fail = (err: Error) => {
      tcp.destroy();
      reject(err);
    };
    tcp.on('error', fail);
    tcp.on('connect', () => {
      const lines = [
        `GET ${url.pathname} HTTP/1.1`,
        `Host: ${url.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`,
        'Sec-WebSocket-Version: 13',
      ];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      tcp.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  });
}

function acceptsUpgrade(head: string, accept: string): boolean {
  const [status, ...fields] = head.split('\r\n');
  return (
    /^HTTP\/1\.1 101 /.test(status ?? '') &&
    fields.some((f) => /^sec-websocket-accept:/i.test(f) && f.slice(f.indexOf(':') + 1).trim() === accept)
  );
}

/** Handles the whole frames at the start of `data`; returns the bytes used. Servers never mask. */
function readFrames(data: Buffer, lean: LeanSocket, onText: (payload: Buffer, socket: LeanSocket) => void, tcp: net.Socket): number {
  let at = 0;
  while (data.length - at >= 2) {
    const opcode = data[at]! & 0x0f;
    let length = data[at + 1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      if (data.length - at < 4) break;
      length = data.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (data.length - at < 10) break;
      length = Number(data.readBigUInt64BE(at + 2));
      header = 10;
    }
    if (data.length - at < header + length) break;
    const payload = data.subarray(at + header, at + header + length);
    if (opcode === Opcode.text) onText(payload, lean);
    else if (opcode === Opcode.ping) tcp.write(maskedFrame(Opcode.pong, payload));
    else if (opcode === Opcode.close) tcp.destroy();
    at += header + length;
  }
  return at;
}

/** A client frame: RFC 6455 requires clients to mask every frame. Payloads under 64 KiB. */
function maskedFrame(opcode: number, payload: Buffer): Buffer {
  const header = payload.length < 126 ? 2 : 4;
  const frame = Buffer.allocUnsafe(header + 4 + payload.length);
  frame[0] = 0x80 | opcode;
  if (header === 2) frame[1] = 0x80 | payload.length;
  else {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(payload.length, 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, header);
  for (let i = 0; i < payload.length; i++) frame[header + 4 + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}
