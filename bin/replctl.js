#!/usr/bin/env node
// replctl supports Node 20 (its lockfile pins an SDK that does); the SDK's notice about its own future
// releases needing Node 22 is not actionable for replctl users, so it is silenced unless set.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// The only place that exits: commands throw ReplctlError carrying an exit code (src/errors.ts).
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
