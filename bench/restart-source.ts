/**
 * The benchmark environment's `restart: { command }`: restarts the source cluster of the local
 * environment in <root> (what `replctl local restart source` does for a project's own environment).
 * Usage: restart-source.ts <root>
 */
import { restartCluster } from '../src/local/environment.js';

const root = process.argv[2];
if (root === undefined) throw new Error('usage: restart-source.ts <local-environment-root>');
await restartCluster(root, 'source');
