/**
 * A reroute, as the rerouting query writes it to `fleet.reroutes` and the vehicles read it: the new
 * route from an intersection ahead of the vehicle to its next stop, and why.
 */
import { z } from 'zod';

export const rerouteSchema = z.object({
  /** `<vehicleId>#<n>`: the n-th reroute of the vehicle; stable across replays (exactly-once output). */
  rerouteId: z.string(),
  vehicleId: z.string(),
  stopId: z.string().nullable(),
  eventTime: z.number(),
  reason: z.string(),
  /** The segment the old route crossed that made it worth avoiding. */
  segmentId: z.string(),
  street: z.string(),
  /** Remaining segments of the old route, and of the new one (segment indices). */
  oldRoute: z.array(z.number()),
  newRoute: z.array(z.number()),
  /** Intersections of the new route, from the one it starts at. */
  newNodes: z.array(z.number()),
  etaBeforeMs: z.number(),
  etaAfterMs: z.number(),
  savedMs: z.number(),
});

export type Reroute = z.infer<typeof rerouteSchema>;
