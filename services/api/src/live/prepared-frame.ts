import type { Socket } from 'node:net';
import * as ws from 'ws';

/** A text message framed once, written as is to every socket that should receive it. */
export interface PreparedFrame {
  text: Buffer;
  frame: Buffer;
}

interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
}

// ws exports Sender.frame for broadcasts, so a message is framed once for all its clients
// (websockets/ws#1016); @types/ws does not declare it.
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };
const TEXT = 0x1;

/** Encodes and frames `text` as one unmasked, unfragmented, uncompressed text frame. */
export function prepare(text: string): PreparedFrame {
  const payload = Buffer.from(text);
  // One buffer, so each socket costs one write instead of ws's corked header-then-payload pair.
  const frame = Buffer.concat(Sender.frame(payload, { fin: true, opcode: TEXT, mask: false, readOnly: false, rsv1: false }));
  return { text: payload, frame };
}

/**
 * Sends a prepared frame on an open socket, straight to its TCP socket as ws's Sender would write
 * it: without permessage-deflate, and without Blobs (never sent here), ws writes every frame
 * synchronously, so this keeps the order of the socket's other messages. A socket that negotiated
 * an extension gets the text through ws instead, framed (and compressed) for it alone.
 */
export function write(socket: ws.WebSocket, prepared: PreparedFrame): void {
  if (socket.extensions !== '') {
    socket.send(prepared.text, { binary: false });
    return;
  }
  (socket as unknown as { _socket: Socket })._socket.write(prepared.frame);
}
