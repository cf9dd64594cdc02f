/**
 * `npm start [-- --kafka]`: the StreamLab hub, every use case on http://localhost:3000
 * (`PORT` to change). See apps/hub.
 */
import { runHubCli } from '@streamlab/hub';

await runHubCli(process.argv);
