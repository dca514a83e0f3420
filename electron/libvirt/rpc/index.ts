export * from './header';
export { Framer, FrameError } from './framer';
export * from './message';
