export * from './guestIo';
export * from './directIo';
export * from './qemuVfioIo';
export * from './expect';
export * from './driver';
