export { XdrError } from './errors';
export { XdrReader } from './reader';
export { XdrWriter, limits } from './writer';
export * from './schema';
