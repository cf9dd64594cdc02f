/**
 * The records on the `vitals.*` topics, as zod schemas: the single place that says what a valid
 * record is (the Kafka source decodes with them; what does not decode is dead-lettered, never
 * thrown). Every record names its patient by a pseudonymous id (`pt-…`): names and MRNs live only
 * in the admissions table (`./admission.ts`), which never goes to a topic.
 */
import { z } from 'zod';

/** Event time on the wire: epoch ms or an ISO-8601 string; epoch ms once parsed. */
export const eventTimeSchema = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

/** A pseudonymous patient id: never derived from a name or an MRN. */
export const patientIdSchema = z.string().regex(/^pt-[0-9a-z]{6}$/);

/** What a bedside monitor measures: heart rate, SpO2, respiratory rate, systolic/diastolic blood pressure. */
export const MONITOR_VITALS = ['hr', 'spo2', 'rr', 'sbp', 'dbp'] as const;
export type MonitorVital = (typeof MONITOR_VITALS)[number];

/**
 * One measurement as the monitor took it, at `t` (epoch ms). `value` null: the monitor had no
 * reading (a probe off reads as SpO2 0 on some monitors and as nothing on others).
 */
export const sampleSchema = z.object({
  vital: z.enum(MONITOR_VITALS),
  value: z.number().nullable(),
  t: eventTimeSchema,
});
export type Sample = z.infer<typeof sampleSchema>;

/**
 * `vitals.readings`: what a bed's monitor gateway sends, about once a second: the samples taken
 * since its last message (several after a disconnection, when it delivers its buffer late), or
 * none (`samples: []`: the central station heard from the gateway but the monitor is offline).
 * `eventTime` is when the message was sent; each sample keeps the time it was taken.
 */
export const monitorMessageSchema = z.object({
  messageId: z.string().min(1),
  patientId: patientIdSchema,
  monitorId: z.string().min(1),
  eventTime: eventTimeSchema,
  samples: z.array(sampleSchema).max(1_000),
});
export type MonitorMessage = z.infer<typeof monitorMessageSchema>;

export const acvpuSchema = z.enum(['A', 'C', 'V', 'P', 'U']);

/** `vitals.observations`: a nurse's observation round: consciousness (ACVPU), air or oxygen, temperature. */
export const observationSchema = z.object({
  obsId: z.string().min(1),
  patientId: patientIdSchema,
  eventTime: eventTimeSchema,
  acvpu: acvpuSchema,
  onOxygen: z.boolean(),
  /** °C, tympanic; null when not taken this round. */
  temp: z.number().nullable(),
});
export type Observation = z.infer<typeof observationSchema>;

/** What the simulator makes: monitor messages and nurse observations, routed to their topics by `kind`. */
export type VitalsRecord = ({ kind: 'monitor' } & MonitorMessage) | ({ kind: 'observation' } & Observation);

/** `vitals.acks`: a clinician acknowledged an alert on the dashboard. */
export const ackSchema = z.object({
  ackId: z.string().min(1).max(80),
  alertId: z.string().min(1).max(200),
  patientId: patientIdSchema,
  /** When the server received it (epoch ms): the acknowledgement's event time. */
  eventTime: eventTimeSchema,
  /** The dashboard session that acknowledged (pseudonymous, as every topic is). */
  by: z.string().min(1).max(80),
});
export type Ack = z.infer<typeof ackSchema>;
