/** Details carried by every StreamLab error: the offending value and what to do about it. */
export interface ErrorDetails {
  value?: unknown;
  hint?: string;
  retriable?: boolean;
  /**
   * The error ends a query on purpose, not by fault (e.g. a scale-out task whose partition moved to
   * another instance): the session logs it at info level, not as a failure.
   */
  expected?: boolean;
  cause?: unknown;
}

/**
 * The one base error of StreamLab. `code` is stable (match on it, not on the message);
 * `hint` says what to do; `retriable` tells a runner whether trying again can help.
 */
export class StreamlabError extends Error {
  readonly code: string;
  readonly value: unknown;
  readonly hint: string | undefined;
  readonly retriable: boolean;
  /** See `ErrorDetails.expected`. */
  readonly expected: boolean;

  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(details.hint ? `${message} (${details.hint})` : message, details.cause ? { cause: details.cause } : undefined);
    this.name = 'StreamlabError';
    this.code = code;
    this.value = details.value;
    this.hint = details.hint;
    this.retriable = details.retriable ?? false;
    this.expected = details.expected ?? false;
  }
}
