export { startHub, WORKSPACE_ROOT, type HubOptions, type RunningHub } from './hub.js';
export { runHubCli } from './cli.js';
export { chooseBroker, type HubBroker } from './broker.js';
export { demoUseCase } from './demo/use-case.js';
