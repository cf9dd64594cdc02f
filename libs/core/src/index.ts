export { parseDuration, type Duration } from './duration.js';
export { StreamlabError, type ErrorDetails } from './errors.js';
export type {
  BatchInfo,
  Clock,
  Logger,
  Offset,
  OutputMode,
  ReadLimit,
  Sink,
  SinkContext,
  Source,
  SourceContext,
} from './ports.js';
export type { SinkProgress, SourceProgress, StateOperatorProgress, StreamingQueryProgress } from './progress.js';
