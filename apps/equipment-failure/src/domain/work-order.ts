/** A maintenance work order, as written to `equipment.work-orders` and shown on the dashboard. */
export interface WorkOrder {
  /** `<machineId>:<mode>:<openedAt>`: stable, so a replayed batch writes the same order again. */
  orderId: string;
  machineId: string;
  mode: string;
  status: 'open' | 'closed';
  openedAt: number;
  /** Event time of this version of the order (its opening or its closing). */
  eventTime: number;
  closedAt: number | null;
  /** The remaining useful life when it was opened, and the deadline it implies. */
  rulAtOpenMs: number;
  dueBy: number;
  /** What closed it, e.g. `repair: bearing-wear`. */
  resolution: string | null;
}

/** A maintenance completion, as the maintenance system reports it (`equipment.maintenance`). */
export interface MaintenanceEvent {
  machineId: string;
  eventTime: number;
  /** What was repaired or serviced. */
  mode: string;
}
