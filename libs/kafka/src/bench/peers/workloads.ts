/** Every workload of `npm run bench -- peers`, by name (the Java peers' `--workload` names). */
import { tumbling } from './tumbling.js';
import type { Workload } from './workload.js';

export const WORKLOADS: Readonly<Record<string, Workload>> = { tumbling };
