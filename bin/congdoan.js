#!/usr/bin/env node
// Launcher for `npx congdoan …`: runs the TypeScript command line through tsx (a runtime dependency).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
