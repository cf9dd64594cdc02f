/** Every workload of `npm run bench -- peers`, by name (the Java peers' `--workload` names). */
import { dedup } from './dedup.js';
import { fraud } from './fraud.js';
import { fraudProfile } from './fraud-profile.js';
import { join } from './join.js';
import { session } from './session.js';
import { sliding } from './sliding.js';
import { tumbling } from './tumbling.js';
import type { Workload } from './workload.js';

export const WORKLOADS: Readonly<Record<string, Workload>> = { tumbling, sliding, session, join, dedup, fraud, 'fraud-profile': fraudProfile };
