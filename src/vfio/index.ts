export * from './hostMemory';
export * from './iommu';
export * from './cp';
export * from './fsm';
export * from './mdev';
