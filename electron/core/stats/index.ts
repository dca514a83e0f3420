export { StatsEngine, DEFAULT_INTERVAL_MS, DEFAULT_CAPACITY, type StatsEngineOptions, type HostPollInfo } from './stats-engine';
