export * from './model';
export * from './services';
export * from './bridge';
export * from './vms';
export * from './jobs';
export * from './stats';
export * from './settings';
