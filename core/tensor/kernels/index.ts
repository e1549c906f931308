// The reference kernels, in one import.
export * from './elementwise.ts';
export * from './matmul.ts';
export * from './reduce.ts';
export * from './conv.ts';
