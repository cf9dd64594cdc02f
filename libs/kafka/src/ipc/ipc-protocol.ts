/** Messages of the Kafka port over a Node IPC channel (child_process `fork`, `serialization: 'advanced'`). */

export interface IpcCall {
  kind: 'kafka-call';
  id: number;
  /** `admin.<method>`, `producer.create|connect|send|transaction|close`, `txn.send|sendOffsets|commit|abort`, `reader.read`, `watch`. */
  op: string;
  /** Producer or transaction handle, when the op needs one. */
  handle?: number;
  args: unknown[];
}

export interface IpcReply {
  kind: 'kafka-reply';
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { code?: string; message: string; value?: unknown };
}

export interface IpcAppend {
  kind: 'kafka-append';
  topic: string;
}

export type IpcMessage = IpcCall | IpcReply | IpcAppend;

export function isIpcMessage(m: unknown): m is IpcMessage {
  return typeof m === 'object' && m !== null && typeof (m as { kind?: unknown }).kind === 'string' && (m as { kind: string }).kind.startsWith('kafka-');
}
