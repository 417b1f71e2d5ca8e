#!/usr/bin/env node
// The only place that exits: commands throw ReplctlError carrying an exit code (src/errors.ts).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
