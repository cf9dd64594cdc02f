/** What the Kafka global setup hands to integration tests (vitest `inject`). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port[,host:port]` of the broker integration tests use; `''` when there is none. */
    kafkaBrokers: string;
    /** Why there is no broker (Java or Maven missing outside CI); `''` when there is one. */
    kafkaSkipReason: string;
  }
}
export {};
