#!/usr/bin/env node
// Node 22.1 and later keep the compiled bundle between runs (in the OS temp directory), so a
// later start skips most of parsing it. Node 20 lacks the call and simply parses.
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/cli/main.js');
