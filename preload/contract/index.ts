export * from './model';
export * from './services';
export * from './bridge';
export * from './vms';
export * from './jobs';
