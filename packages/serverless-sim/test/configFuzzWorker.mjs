// Bootstraps the TypeScript fuzz worker: registers tsx's loader in this thread, then loads it.
import { register } from 'tsx/esm/api';

register();
await import('./configFuzzWorker.ts');
