import type { IoCode, IoLevel, IoMessage } from './types.js';

/**
 * One declared message: its code, its level and the type of its data, in one place. `msg`
 * builds the message; `is` narrows a received message to this code's data type, so that a
 * printer never re-declares (or casts to) a payload shape.
 */
export interface MessageMaker<C extends IoCode, T> {
  readonly code: C;
  readonly level: IoLevel;
  /** Builds the message; messages without data take only the text. */
  msg(message: string, ...data: [T] extends [void] ? [] : [T]): IoMessage<T>;
  is(message: IoMessage): message is IoMessage<T> & { readonly code: C };
}

/** Declares a message code with the type of its data (`void` for text-only messages). */
export function make<T = void, C extends IoCode = IoCode>(
  code: C,
  level: IoLevel,
): MessageMaker<C, T> {
  return {
    code,
    level,
    msg: (message, ...data) =>
      data.length === 0 ? { level, code, message } : { level, code, message, data: data[0] },
    is: (m): m is IoMessage<T> & { readonly code: C } => m.code === code,
  };
}
