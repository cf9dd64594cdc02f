/**
 * @streamlab/fleet-rerouting: the Fleet rerouting use case. Other packages use only the use case itself (the
 * hub finds it through `streamlab.useCase` in package.json); the domain, simulator, pipelines and
 * evaluation are imported by path inside the app and its specs.
 */
export { fleetReroutingUseCase } from './use-case.js';
