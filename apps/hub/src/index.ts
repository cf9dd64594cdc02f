export { startHub, WORKSPACE_ROOT, type HubOptions, type RunningHub } from './hub.js';
export { parseHubArgs, runHubCli, type HubArgs } from './cli.js';
export { chooseBroker, type HubBroker } from './broker.js';
export { demoUseCase, createDemoUseCase, DEMO_TOPIC } from './demo/use-case.js';
