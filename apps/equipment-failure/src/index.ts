/**
 * @streamlab/equipment-failure: the Equipment failure use case. Other packages use only the use case itself (the
 * hub finds it through `streamlab.useCase` in package.json); the domain, simulator, pipelines and
 * evaluation are imported by path inside the app and its specs.
 */
export { equipmentFailureUseCase } from './use-case.js';
