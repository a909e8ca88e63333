/** The access feature's use-cases, as other features and the command line see them. */
export * from './services/sessions';
export * from './services/audit';
export * from './services/users';
export * from './scope';
export * from './guard';
